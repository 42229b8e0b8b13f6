package io.signet.server.cli;

import io.signet.auth.UsersFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code signet user add NAME --users-file FILE}: stores the user's NT hash (never the password), mode 0600. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the users file.",
        subcommands = {UserCommand.Add.class})
final class UserCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: signet user add NAME --users-file FILE [--password-stdin]");
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user or change its password.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--users-file", required = true, paramLabel = "FILE")
        Path usersFile;

        @Option(names = "--password-stdin", description = "read the password from the first line of stdin")
        boolean passwordStdin;

        @Override
        public Integer call() throws Exception {
            String password = passwordStdin ? readStdin() : prompt();
            if (password == null || password.isEmpty()) {
                System.err.println("signet: empty password");
                return 2;
            }
            UsersFile.addUser(usersFile, name, password);
            System.out.println("user " + name + " saved in " + usersFile);
            return 0;
        }

        private static String readStdin() throws java.io.IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return in.readLine();
        }

        private static String prompt() {
            Console console = System.console();
            if (console == null) {
                System.err.println("signet: no terminal to prompt on; use --password-stdin");
                return null;
            }
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Again: ");
            try {
                if (first == null || !Arrays.equals(first, second)) {
                    System.err.println("signet: passwords do not match");
                    return null;
                }
                return new String(first);
            } finally {
                if (first != null) {
                    Arrays.fill(first, '\0');
                }
                if (second != null) {
                    Arrays.fill(second, '\0');
                }
            }
        }
    }
}
