package dev.ballot.server.cli;

import dev.ballot.server.exec.ExitPolicy;
import picocli.CommandLine;

import java.util.Locale;

/** {@code restart|resign|stay} for {@code --exec-exit}. */
final class ExitPolicyConverter implements CommandLine.ITypeConverter<ExitPolicy> {
    @Override
    public ExitPolicy convert(String value) {
        try {
            return ExitPolicy.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "': expected restart, resign or stay");
        }
    }
}
