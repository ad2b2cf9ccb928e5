package dev.bitnet4j.cli;

import picocli.CommandLine;

/** Token ids given as "1,5,9" (--prompt-ids); a record so picocli sees one value, not a list. */
record TokenIds(int[] ids) {

    static final class Converter implements CommandLine.ITypeConverter<TokenIds> {
        @Override
        public TokenIds convert(String value) {
            String s = value.strip();
            if (s.isEmpty()) throw new CommandLine.TypeConversionException("no token ids given; expected e.g. 1,5,9");
            String[] parts = s.split("\\s*,\\s*");
            int[] ids = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    ids[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException("'" + parts[i]
                            + "' is not a token id; expected comma-separated integers such as 1,5,9");
                }
            }
            return new TokenIds(ids);
        }
    }
}
