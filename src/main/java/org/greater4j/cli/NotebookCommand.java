package org.greater4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code greater notebook}: the classic Jupyter Notebook on {@code notebooks/} with the greater4j kernel. */
@Command(name = "notebook", description = {"Start the classic Jupyter Notebook on notebooks/ with the greater4j Java kernel",
    "(installed first when missing). Other arguments go to `jupyter notebook`, e.g. --no-browser --port=8890."})
final class NotebookCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "notebook folder (default: notebooks/ of the project)")
    Path dir;

    @Unmatched
    List<String> extra = new ArrayList<>();

    @Override
    public Integer call() {
        Path home = Jupyter.home();
        Path nbDir = dir != null ? dir.toAbsolutePath() : home.resolve("notebooks");
        if (!Files.isDirectory(nbDir)) throw new IllegalArgumentException("no notebook folder at " + nbDir + "; pass --dir");
        Jupyter.ensureKernel(home);
        List<String> cmd = new ArrayList<>(List.of("jupyter", "notebook", "--notebook-dir=" + nbDir,
                // plotly.js (10.8 MB) travels inline with the first figure: above the default 1 MB/s limit
                "--NotebookApp.iopub_data_rate_limit=1.0e10"));
        // Jupyter refuses root without this (CI machines and containers run as root)
        if ("root".equals(System.getProperty("user.name")) && !extra.contains("--allow-root")) cmd.add("--allow-root");
        cmd.addAll(extra);
        System.err.println("greater: " + String.join(" ", cmd));
        return Jupyter.run(cmd, nbDir);
    }
}
