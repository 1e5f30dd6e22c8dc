#!/usr/bin/env bash
# Fetches the datasets greater4j evaluates on (GSM8K, BIG-Bench Hard, FOLIO v0.0 and GReaTer's own
# split files) from their public sources, pinned to one commit each, into the layout the library
# reads, and checks the sha256 of every file. See datasets/README.md.
#
# usage: datasets/fetch.sh [--dest DIR] [--base-url URL] [--force] [GROUP ...]
#   GROUP       gsm8k, bbh, folio, greater-splits (default: all four)
#   --dest DIR  where to put the files (default: the datasets/ folder of this script)
#   --base-url URL
#               fetch every file from URL/<path in the layout> instead of its upstream source, e.g. a
#               mirror or a local copy: --base-url file:///data/greater-datasets
#               (also: environment variable GREATER_DATA_BASE_URL)
#   --force     download again even when a file is present with the right checksum
#
# A file whose checksum does not match is not kept (no partial or wrong file is left behind) and the
# script exits with status 1 after trying the rest. Progress goes to stderr.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$here"
base_url="${GREATER_DATA_BASE_URL:-}"
force=0
groups=()

die() { echo "fetch.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --dest) [ $# -ge 2 ] || die "--dest needs a directory"; dest="$2"; shift 2 ;;
    --dest=*) dest="${1#--dest=}"; shift ;;
    --base-url) [ $# -ge 2 ] || die "--base-url needs a URL"; base_url="$2"; shift 2 ;;
    --base-url=*) base_url="${1#--base-url=}"; shift ;;
    --force) force=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    gsm8k|bbh|folio|greater-splits) groups+=("$1"); shift ;;
    *) die "unknown argument '$1': use --dest DIR, --base-url URL, --force, or groups gsm8k bbh folio greater-splits" ;;
  esac
done
[ ${#groups[@]} -gt 0 ] || groups=(gsm8k bbh folio greater-splits)

# Upstream sources, each pinned to a commit (provenance and licenses: datasets/README.md).
source_url() {
  case "$1" in
    GSM8K) echo "https://raw.githubusercontent.com/openai/grade-school-math/3101c7d5072418e28b9008a6636bde82a006892c" ;;
    BBH) echo "https://raw.githubusercontent.com/suzgunmirac/BIG-Bench-Hard/9ee07bd481feebf959a6b59d61ea57bdcf30964d" ;;
    FOLIO) echo "https://raw.githubusercontent.com/Yale-LILY/FOLIO/5d7bb84c7edab3fb358e057d2807f19cf5cf5e2d" ;;
    GREATER) echo "https://raw.githubusercontent.com/psunlpgroup/GreaTer/42a22d9211e55528e8894c89ca7d13ae817366d2" ;;
    *) die "manifest names an unknown source $1" ;;
  esac
}

if command -v sha256sum >/dev/null 2>&1; then sha() { sha256sum "$1" | cut -d' ' -f1; }
elif command -v shasum >/dev/null 2>&1; then sha() { shasum -a 256 "$1" | cut -d' ' -f1; }
else die "needs sha256sum or shasum"; fi
if command -v curl >/dev/null 2>&1; then get() { curl -fsSL --retry 2 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then get() { wget -q -O "$2" "$1"; }
else die "needs curl or wget"; fi

wanted() { local g; for g in "${groups[@]}"; do [ "$g" = "$1" ] && return 0; done; return 1; }

mkdir -p "$dest"
fetched=0; kept=0; failed=()
# group  sha256  path-in-layout  source  path-in-source
while read -r group sum path src upath; do
  [ -n "$group" ] || continue
  wanted "$group" || continue
  target="$dest/$path"
  if [ "$force" = 0 ] && [ -f "$target" ] && [ "$(sha "$target")" = "$sum" ]; then
    kept=$((kept + 1)); continue
  fi
  if [ -n "$base_url" ]; then url="${base_url%/}/$path"; else url="$(source_url "$src")/$upath"; fi
  mkdir -p "$(dirname "$target")"
  part="$target.part.$$"
  echo "fetch.sh: $path <- $url" >&2
  if ! get "$url" "$part" </dev/null; then
    rm -f "$part"; echo "fetch.sh: error: $path: download failed from $url" >&2; failed+=("$path"); continue
  fi
  got="$(sha "$part")"
  if [ "$got" != "$sum" ]; then
    rm -f "$part"
    echo "fetch.sh: error: $path: sha256 mismatch from $url (expected $sum, got $got); file not kept" >&2
    failed+=("$path"); continue
  fi
  mv -f "$part" "$target"
  fetched=$((fetched + 1))
done <<'MANIFEST'
gsm8k 86bbb73e855821d7c401912fd4bf82e34313e6e3b6fd6f909f2b6cc9e209a53b gsm8k/LICENSE GSM8K LICENSE
gsm8k 3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14 gsm8k/test.jsonl GSM8K grade_school_math/data/test.jsonl
gsm8k 17f347dc51477c50d4efb83959dbb7c56297aba886e5544ee2aaed3024813465 gsm8k/train.jsonl GSM8K grade_school_math/data/train.jsonl
bbh 4ef2ff4295d26ab6211235039c132697408cec5391d2c091b41e983771978db8 bbh/LICENSE BBH LICENSE
bbh 2273d9fd5fc2fd175deb939b99ed52e2945b0225dd1f290a836308ca36efec18 bbh/bbh/README.md BBH bbh/README.md
bbh ea6c754ec005e2d3f2d085d349a740f593b5764f32ea4638ffed4cfc0061b12a bbh/bbh/boolean_expressions.json BBH bbh/boolean_expressions.json
bbh 6e8bca44dd402008ed41c07a3d0a1d5e7b03db7001a7e002fcdf4c60985ea081 bbh/bbh/causal_judgement.json BBH bbh/causal_judgement.json
bbh 0148d4ac5fca05b2f82373e5fef7208e15363b9c6079493034d77b3dab496bf5 bbh/bbh/date_understanding.json BBH bbh/date_understanding.json
bbh cf06df9ebf911b883671cb1b35d3fbd1a1c306b19b9e9a012407e596c85fe8c6 bbh/bbh/disambiguation_qa.json BBH bbh/disambiguation_qa.json
bbh 3f9badedf15c2be1ce53d94fdf016299bb30ba231ef087ab9f51a7ed6d0bdc25 bbh/bbh/dyck_languages.json BBH bbh/dyck_languages.json
bbh 4c1adb664821157faade1d4153685403afcc02648f3c180a608a18f17f589629 bbh/bbh/formal_fallacies.json BBH bbh/formal_fallacies.json
bbh 07be68a124420caa2ebc0b2c858ad79fc55c5c8806170e496e1e17ebfb11f31c bbh/bbh/geometric_shapes.json BBH bbh/geometric_shapes.json
bbh b6d7f55c75f5d02f2987a4f3123802dfa093872089a56a334144aae8a7264fdc bbh/bbh/hyperbaton.json BBH bbh/hyperbaton.json
bbh d2df31394b903b7f0e085d42a69572a092987856eac076799017d70ef266fa8f bbh/bbh/logical_deduction_five_objects.json BBH bbh/logical_deduction_five_objects.json
bbh 2896c7e3482eea318dd37bcc370d24ec3cc91e8374c1784287b5dbd38a529e33 bbh/bbh/logical_deduction_seven_objects.json BBH bbh/logical_deduction_seven_objects.json
bbh e590fae72e3a6041fbd23bd8ff6b74baf44ca563f6ba40a041c55e7b867c1681 bbh/bbh/logical_deduction_three_objects.json BBH bbh/logical_deduction_three_objects.json
bbh a8b53a87ee21a865b7248e694f388a9b8f7cf6b839b11d44796a2dd3fc088983 bbh/bbh/movie_recommendation.json BBH bbh/movie_recommendation.json
bbh c9d5a6433c9b78256422a15c78463949c8bec8d85607aa28b52d7234ad4a8595 bbh/bbh/multistep_arithmetic_two.json BBH bbh/multistep_arithmetic_two.json
bbh b7944dfd3c81da5c4815bd75b00d6fa3c64140823498e78ed496f4c3d36f7f0d bbh/bbh/navigate.json BBH bbh/navigate.json
bbh 8acef14dbbdd40d2326ef7755750b6b5fe919fef06276af1bab3f1c297f022ff bbh/bbh/object_counting.json BBH bbh/object_counting.json
bbh bb87ee449698eee51215e025a453b1bcb2f5e6589c2063b2c79e68b8f0655228 bbh/bbh/penguins_in_a_table.json BBH bbh/penguins_in_a_table.json
bbh 0a8850cf95166020fce7a78244026ceedd7ea839302471512b4f8744e85a6a49 bbh/bbh/reasoning_about_colored_objects.json BBH bbh/reasoning_about_colored_objects.json
bbh b6f723aef2bafdd4c7bfc3c7e0329c7e8a8279391a609969c8ed76c9319f5f7f bbh/bbh/ruin_names.json BBH bbh/ruin_names.json
bbh becf3eb8dd53c821a555ecd5c1334ecd93eb25f980e63be963c518e7138de5da bbh/bbh/salient_translation_error_detection.json BBH bbh/salient_translation_error_detection.json
bbh 54a0661fe2de06167645a4965e6bcf963c4ba307e76262a7c750998b0e3d0d0e bbh/bbh/snarks.json BBH bbh/snarks.json
bbh 63ca262858f6176864515cd8cf53cdaa40839ebecc155b726d77930855d167bf bbh/bbh/sports_understanding.json BBH bbh/sports_understanding.json
bbh 92a1189faaa84aacc4c405aaa13f13f48c2992eb884772eedb622505252baef5 bbh/bbh/temporal_sequences.json BBH bbh/temporal_sequences.json
bbh 2063a46a4fb484236ed4310523606543a3e1dd4a4dc34eda65d407910ece25a5 bbh/bbh/tracking_shuffled_objects_five_objects.json BBH bbh/tracking_shuffled_objects_five_objects.json
bbh b59fd05b850c37cf57cb514ae1e6975c00b1638ade2291722056b2af3c54084d bbh/bbh/tracking_shuffled_objects_seven_objects.json BBH bbh/tracking_shuffled_objects_seven_objects.json
bbh 546cc7bf10c6a01a6a4c17ae28a4966485f21f29fd5d111f37858ec78e354f6b bbh/bbh/tracking_shuffled_objects_three_objects.json BBH bbh/tracking_shuffled_objects_three_objects.json
bbh 3e60323f8514a107fdb4edf35f8832a9171c5a09c0eaa47823559de905e8ab8b bbh/bbh/web_of_lies.json BBH bbh/web_of_lies.json
bbh 2a6132d2c99f00d0d2eb1113ac6b4a918bd969d863c48749210d969713db8d43 bbh/bbh/word_sorting.json BBH bbh/word_sorting.json
bbh 685affba97425cdf3549d5d313ba876caed2fa7c8a4cf1ea7549faf22179609d bbh/cot-prompts/boolean_expressions.txt BBH cot-prompts/boolean_expressions.txt
bbh 14377e36cccb084b7d0fe73988d08696f7675d712b02d3ae1f5f7f12c77028ea bbh/cot-prompts/causal_judgement.txt BBH cot-prompts/causal_judgement.txt
bbh a0a13c392f689a1828f5f6ffb9dee3d44483794490da5d92f0e2a723787b1cfb bbh/cot-prompts/date_understanding.txt BBH cot-prompts/date_understanding.txt
bbh 794fd259297972a4c963a5d13a84dc221edde460de27fa5d8fd64299a2001597 bbh/cot-prompts/disambiguation_qa.txt BBH cot-prompts/disambiguation_qa.txt
bbh b0836603007ec659ed685458647fb6d7543543304e7aca909b995d0c3aff22b2 bbh/cot-prompts/dyck_languages.txt BBH cot-prompts/dyck_languages.txt
bbh 10c06cc362520e9b8dddfc4861e263ff668d228a52d958dcc69f09f1d224935a bbh/cot-prompts/formal_fallacies.txt BBH cot-prompts/formal_fallacies.txt
bbh f36d9893507eb518d84f388fb677dc0226c74a98873700de0b556548d65d3f76 bbh/cot-prompts/geometric_shapes.txt BBH cot-prompts/geometric_shapes.txt
bbh 19898af91c35cb26bbdf5fdb6f6fb17e138677250332e2994005625ffb50b261 bbh/cot-prompts/hyperbaton.txt BBH cot-prompts/hyperbaton.txt
bbh 4ed65246c0c1c4b0b4053d784181892b842bce19cf4358c976f34b1a434ef034 bbh/cot-prompts/logical_deduction_five_objects.txt BBH cot-prompts/logical_deduction_five_objects.txt
bbh 4ed65246c0c1c4b0b4053d784181892b842bce19cf4358c976f34b1a434ef034 bbh/cot-prompts/logical_deduction_seven_objects.txt BBH cot-prompts/logical_deduction_seven_objects.txt
bbh 4ed65246c0c1c4b0b4053d784181892b842bce19cf4358c976f34b1a434ef034 bbh/cot-prompts/logical_deduction_three_objects.txt BBH cot-prompts/logical_deduction_three_objects.txt
bbh cdf765634713b057091d541b4773dd2c998f81447b0bd8564ae70be4cdf3f5d0 bbh/cot-prompts/movie_recommendation.txt BBH cot-prompts/movie_recommendation.txt
bbh a546e0b7cde09037bc144ae5c32c9cf78dafdfac929ae76e2051b2dd8f3671ce bbh/cot-prompts/multistep_arithmetic_two.txt BBH cot-prompts/multistep_arithmetic_two.txt
bbh dc2fd733f1867b8c79685f15b83746064534a94bf73468341c2a9dd335be22fc bbh/cot-prompts/navigate.txt BBH cot-prompts/navigate.txt
bbh e51ffc03fd713a13a379a6c938a523dfc1c2f384f2a8447bd7a12d4458f18833 bbh/cot-prompts/object_counting.txt BBH cot-prompts/object_counting.txt
bbh 33be137e76c2a6af0bbacd17a8e7a92801886c0202a45e35ea9c2a88c1f26d51 bbh/cot-prompts/penguins_in_a_table.txt BBH cot-prompts/penguins_in_a_table.txt
bbh e4ea02d05b13e8ed9ccc3b0d878bc4df4c5a6fb76c65d39d48d6244f7ff0b9d5 bbh/cot-prompts/reasoning_about_colored_objects.txt BBH cot-prompts/reasoning_about_colored_objects.txt
bbh 731446c6c66bb5258677af1417b599a6a5539be6d74a5afc02cf7a716444ea54 bbh/cot-prompts/ruin_names.txt BBH cot-prompts/ruin_names.txt
bbh 2c8367f75092202cc507fdbfaaf037b1c1eed38e91289084439738367f0785f7 bbh/cot-prompts/salient_translation_error_detection.txt BBH cot-prompts/salient_translation_error_detection.txt
bbh 35084a2a0b86bc4008ab206b838c0b97dd425897dd72198137c3cefc499c0960 bbh/cot-prompts/snarks.txt BBH cot-prompts/snarks.txt
bbh 2058a9bed717a6edb8ca2f815e88851436a4ee14c8b0d504ccf464865c6d0295 bbh/cot-prompts/sports_understanding.txt BBH cot-prompts/sports_understanding.txt
bbh 3e7ebf1e20abe3e219dc6514dcb7474d82db1b2c66acc733cd30af2e9e0b64b0 bbh/cot-prompts/temporal_sequences.txt BBH cot-prompts/temporal_sequences.txt
bbh 2ef54cb2a72052adc3484a76209cb6a6535f194d677e79bcec2e2e71cf3768af bbh/cot-prompts/tracking_shuffled_objects_five_objects.txt BBH cot-prompts/tracking_shuffled_objects_five_objects.txt
bbh 2ef54cb2a72052adc3484a76209cb6a6535f194d677e79bcec2e2e71cf3768af bbh/cot-prompts/tracking_shuffled_objects_seven_objects.txt BBH cot-prompts/tracking_shuffled_objects_seven_objects.txt
bbh 2ef54cb2a72052adc3484a76209cb6a6535f194d677e79bcec2e2e71cf3768af bbh/cot-prompts/tracking_shuffled_objects_three_objects.txt BBH cot-prompts/tracking_shuffled_objects_three_objects.txt
bbh c8025ca65ab7f0897c243504c863bda043d04b6e873777536743e94023c929d0 bbh/cot-prompts/web_of_lies.txt BBH cot-prompts/web_of_lies.txt
bbh a2cdbcfe23abaa97b9787f7c03dbf49b1cfd0ff9e63197b7884bb5cd5a096ca6 bbh/cot-prompts/word_sorting.txt BBH cot-prompts/word_sorting.txt
folio da89f9867822be4b8adb1e601d9e9226c195016c6508015eb7593e68ead0c98a folio/LICENSE FOLIO LICENSE
folio 008d34b750d31fa7f014e953228adf4db81ec34bbda9e7f67c96c60438d1e6b2 folio/v0.0/folio-train.jsonl FOLIO data/v0.0/folio-train.jsonl
folio 6922c988ef10987bd6545568ee8e63e897af80994591fa20539767da58f8e3d1 folio/v0.0/folio-validation.jsonl FOLIO data/v0.0/folio-validation.jsonl
greater-splits 4d4b004be13377b5a924f6be288db7e65de0d1bf9c412c802d3241a3430c3fc9 greater-splits/BBH/boolean_expressions.json GREATER data/BBH/boolean_expressions.json
greater-splits 322ba437b035661510d5524487657a9e48be1c8ac33faa36f937debf737e397d greater-splits/BBH/causal_judgement.json GREATER data/BBH/causal_judgement.json
greater-splits 175c38bc4623706838231e8533ea9bb5c2c538b49380610bc308adbc4c9f91b3 greater-splits/BBH/date_understanding.json GREATER data/BBH/date_understanding.json
greater-splits 664969864eecbd56ceb52d21b01eb43662e3079b87180f3c6253fb272ba70aea greater-splits/BBH/disambiguation_qa.json GREATER data/BBH/disambiguation_qa.json
greater-splits bf6fbb84ee2a7423b9180bf55170a0291c906d849da590004f5f1dbb4189d7fb greater-splits/BBH/dyck_languages.json GREATER data/BBH/dyck_languages.json
greater-splits ef07bf7a592179bc41407cef65b06993e4653ed2cde23c6fe12ab91b40fc9686 greater-splits/BBH/formal_fallacies.json GREATER data/BBH/formal_fallacies.json
greater-splits 9e6500137988de2fcb449f23984b1397ef2161e122e3f3b267bfe1db7467c09f greater-splits/BBH/geometric_shapes.json GREATER data/BBH/geometric_shapes.json
greater-splits 86445c61cabd35591b527f152055a0b786bd139df45f0855b06567807326d155 greater-splits/BBH/hyperbaton.json GREATER data/BBH/hyperbaton.json
greater-splits 148ef78eb795a62d2eabd3176d477cabc23c32b8cd6db7e1391bfd2aeca41e04 greater-splits/BBH/logical_deduction_five_objects.json GREATER data/BBH/logical_deduction_five_objects.json
greater-splits dce130a271ddf69dc1f7f7fa406b1188e2644fe87bf47edc9987f11cba6238a6 greater-splits/BBH/logical_deduction_seven_objects.json GREATER data/BBH/logical_deduction_seven_objects.json
greater-splits cea298c09771564c6b9905e929ccccaec2f69857913a099ab0003709c44ba01c greater-splits/BBH/logical_deduction_three_objects.json GREATER data/BBH/logical_deduction_three_objects.json
greater-splits 241f7c50545c3ffc703f745885bf0aad047acd8ccc90dd07a7f4752d7c3d535b greater-splits/BBH/movie_recommendation.json GREATER data/BBH/movie_recommendation.json
greater-splits c8765bca0d03cfa894f32dfcddec50cf0a08bba9450f6a5ecc2a8eff014bc18f greater-splits/BBH/multistep_arithmetic_two.json GREATER data/BBH/multistep_arithmetic_two.json
greater-splits db13ea340f58cc169cb645301f6f1e752b8835737b6cdee2aa4eac35b6b976ea greater-splits/BBH/navigate.json GREATER data/BBH/navigate.json
greater-splits 3081349562b7dd78c14aa1efe34145743ae602bcefb74ee3689fff83103287c6 greater-splits/BBH/object_counting.json GREATER data/BBH/object_counting.json
greater-splits ca500aba053d15c4b785c2d696969df4e73d25b86013a82e7d92a3585fe10e7e greater-splits/BBH/penguins_in_a_table.json GREATER data/BBH/penguins_in_a_table.json
greater-splits e53b4540b853d9b3ebaf8d937312a892c0b10f28d6907ee0763e1c561e9d9f13 greater-splits/BBH/reasoning_about_colored_objects.json GREATER data/BBH/reasoning_about_colored_objects.json
greater-splits fb331219820abb10c1dee130a142f983d70487bcd175fb9cd11d8d8c1c55bb32 greater-splits/BBH/ruin_names.json GREATER data/BBH/ruin_names.json
greater-splits d598c23136bcc6d93808da050ed62099630a1d5159cd8ea5224beac242d5fc18 greater-splits/BBH/salient_translation_error_detection.json GREATER data/BBH/salient_translation_error_detection.json
greater-splits db844479d65090f57184b8c7883ebf2c6df02eb0d7e47e33fc4bb0d46e9977e2 greater-splits/BBH/snarks.json GREATER data/BBH/snarks.json
greater-splits dd9a7a91766de7c01ab05f7873ed870fef748e5450c5654aa718c6e558e1991c greater-splits/BBH/sports_understanding.json GREATER data/BBH/sports_understanding.json
greater-splits 1685ff24b57aa86e7dc4dcedc1aa2dd4b39743462913f6636712e53f2138697b greater-splits/BBH/temporal_sequences.json GREATER data/BBH/temporal_sequences.json
greater-splits e849fdd542310b5b7112f98ce02a74f3f5fc4016e28cfc4105c4a95e92d3ecc3 greater-splits/BBH/tracking_shuffled_objects_five_objects.json GREATER data/BBH/tracking_shuffled_objects_five_objects.json
greater-splits c3dc0d263b7e10bb0352379aea88b7d5e799f4d9daa75029f2b37a3de54cb9b1 greater-splits/BBH/tracking_shuffled_objects_seven_objects.json GREATER data/BBH/tracking_shuffled_objects_seven_objects.json
greater-splits 59a5050e0908b9f84fbd73457c8b58b0403e44da11b8bfae7fd7229ac7726e2a greater-splits/BBH/tracking_shuffled_objects_three_objects.json GREATER data/BBH/tracking_shuffled_objects_three_objects.json
greater-splits 75cc4e9874f763abd888c559a1bb6526b8678f7e1909c2f5de1bed9f83bc8ac1 greater-splits/BBH/web_of_lies.json GREATER data/BBH/web_of_lies.json
greater-splits da60b6cae7ab9b305841bd223c9785c67de6d655740621e63e6589816f21d7bd greater-splits/BBH/word_sorting.json GREATER data/BBH/word_sorting.json
greater-splits 688125d8528013021a89b40f5617fff53d6d8eb03ecbc87ab48569edfd3cd0ad greater-splits/FOLIO/dev.csv GREATER data/FOLIO/dev.csv
greater-splits 025566d39264f27dadc991517763b1b5de844e970b47c4502735c3ddb2ceb2fe greater-splits/FOLIO/test.csv GREATER data/FOLIO/test.csv
greater-splits 093016294a97ffc62526b70d58df763d0e7d17505f70b5728fddba3a1e32d843 greater-splits/FOLIO/train.csv GREATER data/FOLIO/train.csv
greater-splits 0960b465866e7e68cfa48e5ea3bc41ea2f921c33b2efbeec1b88b9bf1753f2e4 greater-splits/grade_school_math/dev.csv GREATER data/grade_school_math/dev.csv
greater-splits ab2fac0e24e409d8d3f2080344852a75f313de45c43289efa70699bf15a16b60 greater-splits/grade_school_math/processed/test_new.csv GREATER data/grade_school_math/processed/test_new.csv
greater-splits eada0dbe2e2e78437ad767eba6399d9bbc48e9ea086f903e079b16e70db7abf0 greater-splits/grade_school_math/processed/train_new.csv GREATER data/grade_school_math/processed/train_new.csv
greater-splits 3d47539a0e16ec6560fdce53f9511bd47a35bbc13e34d659f5037d815aa36381 greater-splits/grade_school_math/test.csv GREATER data/grade_school_math/test.csv
greater-splits f79b8bb8c636f8b6851866175b350db015eda106e23b202a0e6be79d43b54a48 greater-splits/grade_school_math/train.csv GREATER data/grade_school_math/train.csv
greater-splits 34fc3784ae7aea2ffb7e23b9a53568c42802ad791922e1ff1a537862bd87987c greater-splits/grade_school_math/train.tsv GREATER data/grade_school_math/train.tsv
MANIFEST

echo "fetch.sh: $fetched fetched, $kept already present and verified, ${#failed[@]} failed; in $dest" >&2
if [ ${#failed[@]} -gt 0 ]; then
  printf 'fetch.sh: failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
