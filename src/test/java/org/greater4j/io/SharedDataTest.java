package org.greater4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared-folder lookup: the environment wins over the property, which wins over a folder beside the project. */
class SharedDataTest {
    @TempDir
    Path tmp;

    @Test
    void environmentWinsOverPropertyAndNeighbours() throws Exception {
        Path env = Files.createDirectories(tmp.resolve("elsewhere/data"));
        Path beside = Files.createDirectories(tmp.resolve("work/shared/models"));
        Path clone = Files.createDirectories(tmp.resolve("work/main"));
        SharedData.Found f = SharedData.locate(Map.of(SharedData.ENV, env.toString()), beside.toString(), null, clone);
        assertThat(f.dir()).contains(env.toAbsolutePath().normalize());
        assertThat(f.explicit()).isTrue();
        f = SharedData.locate(Map.of(), tmp.resolve("prop").toString(), null, clone);
        assertThat(f.dir()).isEmpty(); // a property naming a missing folder is not silently replaced
        assertThat(f.searchedText()).contains("greater4j.shared");
    }

    @Test
    void findsTheSharedFolderBesideTheCloneOrBesideTheProjectHome() throws Exception {
        Files.createDirectories(tmp.resolve("work/shared/tokenizers"));
        Path clone = Files.createDirectories(tmp.resolve("work/main/notebooks"));
        SharedData.Found f = SharedData.locate(Map.of(), null, null, clone);
        assertThat(f.dir()).contains(tmp.resolve("work/shared").toAbsolutePath().normalize());
        assertThat(f.explicit()).isFalse();
        Path other = Files.createDirectories(tmp.resolve("somewhere/else"));
        assertThat(SharedData.locate(Map.of(), null, clone.toString(), other).dir()).isPresent();
        SharedData.Found none = SharedData.locate(Map.of(), null, null, other);
        assertThat(none.dir()).isEmpty();
        assertThat(none.searchedText()).contains(other.toString());
    }
}
