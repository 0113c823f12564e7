package io.github.emrflow;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the docs tests check in a Markdown page: fenced code blocks (with the heading they sit
 * under), sections, table rows, inline code spans, and the shell commands in a block. Enough of
 * CommonMark for this repository's pages, not a general parser.
 */
public final class Markdown {
    private static final Pattern FENCE = Pattern.compile("^( *)(`{3,})\\s*([\\w-]*).*$");
    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)\\s*$");

    private Markdown() {
    }

    /** A fenced code block: its info string ("bash", "" ...), the heading above it, its lines (unindented), its line number. */
    public record Fence(String info, String heading, List<String> lines, int line) {
        public boolean isShell() {
            return List.of("bash", "sh", "shell", "console").contains(info);
        }
    }

    /** A heading: its level (setext: 1 for ===, 2 for ---), its text and its line index. */
    public record Heading(int level, String text, int line) {
    }

    public static List<Fence> fences(String markdown) {
        List<Fence> fences = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        String heading = "";
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE.matcher(lines[i]);
            if (open.matches()) {
                int indent = open.group(1).length();
                String ticks = open.group(2);
                List<String> body = new ArrayList<>();
                int j = i + 1;
                for (; j < lines.length && !lines[j].strip().equals(ticks); j++) {
                    String l = lines[j];
                    int strip = 0;
                    while (strip < indent && strip < l.length() && l.charAt(strip) == ' ') {
                        strip++;
                    }
                    body.add(l.substring(strip));
                }
                fences.add(new Fence(open.group(3), heading, body, i + 1));
                i = j;
                continue;
            }
            Heading h = headingAt(lines, i);
            if (h != null) {
                heading = h.text();
            }
        }
        return fences;
    }

    /** The headings outside code blocks, in order. */
    public static List<Heading> headings(String markdown) {
        List<Heading> headings = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE.matcher(lines[i]);
            if (open.matches()) {
                String ticks = open.group(2);
                int j = i + 1;
                while (j < lines.length && !lines[j].strip().equals(ticks)) {
                    j++;
                }
                i = j;
                continue;
            }
            Heading h = headingAt(lines, i);
            if (h != null) {
                headings.add(h);
            }
        }
        return headings;
    }

    private static Heading headingAt(String[] lines, int i) {
        Matcher atx = ATX.matcher(lines[i]);
        if (atx.matches()) {
            return new Heading(atx.group(1).length(), atx.group(2), i);
        }
        if (i + 1 < lines.length && !lines[i].isBlank() && !lines[i].contains("|") && !lines[i].startsWith(" ")
                && !lines[i].startsWith("-") && SETEXT.matcher(lines[i + 1]).matches()) {
            return new Heading(lines[i + 1].strip().startsWith("=") ? 1 : 2, lines[i].strip(), i);
        }
        return null;
    }

    /**
     * The text under the heading whose text is {@code title}, up to the next heading of the same or a
     * higher level; fails when there is no such heading.
     */
    public static String section(String markdown, String title) {
        List<Heading> headings = headings(markdown);
        String[] lines = markdown.split("\n", -1);
        for (int k = 0; k < headings.size(); k++) {
            Heading h = headings.get(k);
            if (h.text().equals(title)) {
                int end = lines.length;
                for (int m = k + 1; m < headings.size(); m++) {
                    if (headings.get(m).level() <= h.level()) {
                        end = headings.get(m).line();
                        break;
                    }
                }
                return String.join("\n", java.util.Arrays.copyOfRange(lines, h.line(), end));
            }
        }
        throw new AssertionError("no heading '" + title + "'");
    }

    /** Every row of every pipe table outside code blocks, as trimmed cells; separator rows are left out. */
    public static List<List<String>> tableRows(String markdown) {
        List<List<String>> rows = new ArrayList<>();
        boolean inFence = false;
        String ticks = "";
        for (String line : markdown.split("\n", -1)) {
            Matcher fence = FENCE.matcher(line);
            if (!inFence && fence.matches()) {
                inFence = true;
                ticks = fence.group(2);
                continue;
            }
            if (inFence) {
                inFence = !line.strip().equals(ticks);
                continue;
            }
            String t = line.strip();
            if (t.startsWith("|") && t.endsWith("|") && t.length() > 1) {
                List<String> cells = cells(t);
                if (!cells.stream().allMatch(c -> c.matches(":?-{3,}:?"))) {
                    rows.add(cells);
                }
            }
        }
        return rows;
    }

    /** The cells of "| a | `b | c` | d |": pipes inside code spans or escaped (\|) do not split. */
    static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 1;
        while (i < row.length()) {
            char c = row.charAt(i);
            if (c == '\\' && i + 1 < row.length() && row.charAt(i + 1) == '|') {
                cell.append('|');
                i += 2;
            } else if (c == '`') {
                int run = runOf(row, i, '`');
                int close = row.indexOf("`".repeat(run), i + run);
                int end = close < 0 ? i + run : close + run;
                cell.append(row, i, end);
                i = end;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
                i++;
            } else {
                cell.append(c);
                i++;
            }
        }
        return cells;
    }

    /** The contents of the inline code spans of a text (`x` or ``x with ` ticks``), CommonMark-trimmed. */
    public static List<String> codeSpans(String text) {
        List<String> spans = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '`') {
                i++;
                continue;
            }
            int run = runOf(text, i, '`');
            String delimiter = "`".repeat(run);
            int close = i + run;
            while (true) {
                close = text.indexOf(delimiter, close);
                if (close < 0 || runOf(text, close, '`') == run) {
                    break;
                }
                close += runOf(text, close, '`');
            }
            if (close < 0) {
                i += run;
                continue;
            }
            String content = text.substring(i + run, close).replace('\n', ' ');
            if (content.length() >= 2 && content.startsWith(" ") && content.endsWith(" ") && !content.isBlank()) {
                content = content.substring(1, content.length() - 1);
            }
            spans.add(content);
            i = close + run;
        }
        return spans;
    }

    /** The inline code spans of a page outside its code blocks. */
    public static List<String> inlineCode(String markdown) {
        StringBuilder prose = new StringBuilder();
        boolean inFence = false;
        String ticks = "";
        for (String line : markdown.split("\n", -1)) {
            Matcher fence = FENCE.matcher(line);
            if (!inFence && fence.matches()) {
                inFence = true;
                ticks = fence.group(2);
                prose.append('\n');
                continue;
            }
            if (inFence) {
                inFence = !line.strip().equals(ticks);
                prose.append('\n');
                continue;
            }
            prose.append(line).append('\n');
        }
        List<String> spans = new ArrayList<>();
        for (String paragraph : prose.toString().split("\n\\s*\n")) {
            spans.addAll(codeSpans(paragraph));
        }
        return spans;
    }

    private static int runOf(String s, int from, char c) {
        int n = 0;
        while (from + n < s.length() && s.charAt(from + n) == c) {
            n++;
        }
        return n;
    }

    /** The command lines of a shell block: continuation lines joined, comments and blank lines dropped. */
    public static List<String> commands(Fence fence) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : fence.lines()) {
            String l = stripComment(line);
            if (l.endsWith("\\")) {
                current.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            current.append(l);
            String command = current.toString().strip();
            if (!command.isEmpty()) {
                commands.add(command);
            }
            current.setLength(0);
        }
        return commands;
    }

    /** The line without its shell comment: a '#' outside quotes at the start or after a blank. */
    public static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                i++;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i).stripTrailing();
            }
        }
        return line.stripTrailing();
    }

    /**
     * The simple commands of a command line, as words: split at &&, ||, ; and | outside quotes, each
     * split into words the way sh would (quotes removed; no expansion).
     */
    public static List<List<String>> simpleCommands(String line) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c) || c == ';' || c == '|' || c == '&') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (c != ' ' && c != '\t' && !words.isEmpty()) {
                    commands.add(words);
                    words = new ArrayList<>();
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }
}
