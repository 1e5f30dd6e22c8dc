package org.greater4j.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code greater} command line: one subcommand per job, all over the library's public API. */
@Command(name = "greater", mixinStandardHelpOptions = true, version = "greater4j 0.1.0",
        description = "GReaTer prompt optimization for small language models.",
        subcommands = {
            CommandLine.HelpCommand.class,
            InfoCommand.class,
            GenerateCommand.class,
            LogitsCommand.class,
            TemplateCommand.class,
            TasksCommand.class,
            EvaluateCommand.class,
            CompareCommand.class,
            OptimizeCommand.class,
            SweepCommand.class,
            StepCommand.class,
            BenchCommand.class,
            NotebookCommand.class,
            NotebooksCommand.class,
            TrainToyCommand.class,
        })
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Entry point; exits with the command's exit code (1 on a user error, with its message on stderr). */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** A {@code YYYY-MM-DD} option value; anything else is a conversion error saying so. */
    static LocalDate date(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a date; use YYYY-MM-DD, e.g. 2024-07-26");
        }
    }

    /**
     * The configured command line (what {@link #main} runs): an exception in a command prints
     * {@code error: <message>} on stderr and gives exit code 1; a bad option or value prints one line
     * {@code error: <message> (see `greater COMMAND --help`)} and gives exit code 2.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // every command answers --help and --version, whether or not its class asks for them
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!sub.getCommandSpec().mixinStandardHelpOptions() && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
        }
        cl.registerConverter(LocalDate.class, Main::date);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            String msg = String.valueOf(ex.getMessage()).strip().replaceAll("\\s*\\n\\s*", " ");
            cmd.getErr().println("error: " + msg + " (see `" + cmd.getCommandSpec().qualifiedName() + " --help`)");
            if (System.getenv("GREATER_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            cmd.getErr().println("error: " + msg);
            if (System.getenv("GREATER_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl;
    }
}
