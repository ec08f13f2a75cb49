package dev.keel.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ops/RUNBOOK.md as the drills read it: for each incident section ({@code ## N. Title}), the command lines of the fenced
 * blocks whose paragraph starts with "See it" or "Fix it", and the SQL of its "See it" sql blocks. A drill runs these
 * lines, not copies of them, so an edit of the runbook that breaks a command fails the drill; and it must run every one
 * of them ({@link #unrun}), so a command added to a section is exercised too.
 */
final class Runbook {

  /** A labelled block: its label ("See it" or "Fix it"), its language, its lines without comments. */
  record Block(String label, String language, List<String> lines) {}

  private final Map<String, List<Block>> sections;
  private final Set<String> run = new LinkedHashSet<>();

  private Runbook(Map<String, List<Block>> sections) {
    this.sections = sections;
  }

  static Runbook read(Path file) {
    try {
      return parse(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Runbook parse(List<String> lines) {
    Map<String, List<Block>> sections = new java.util.LinkedHashMap<>();
    Pattern heading = Pattern.compile("^## (\\d+)\\. .*");
    String section = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher h = heading.matcher(line);
      if (line.startsWith("## ")) {
        section = h.matches() ? h.group(1) : null;
        if (section != null) {
          sections.put(section, new ArrayList<>());
        }
        continue;
      }
      if (section == null || !line.startsWith("```") || line.length() == 3) {
        continue;
      }
      String language = line.substring(3).trim();
      List<String> body = new ArrayList<>();
      int end = i + 1;
      while (end < lines.size() && !lines.get(end).startsWith("```")) {
        body.add(lines.get(end));
        end++;
      }
      String label = label(lines, i);
      if (label != null) {
        List<String> content = "sql".equals(language) ? List.of(String.join("\n", body).strip()) : body.stream()
            .map(Runbook::withoutComment).filter(l -> !l.isBlank()).toList();
        sections.get(section).add(new Block(label, language, content));
      }
      i = end;
    }
    return new Runbook(sections);
  }

  /** "See it" or "Fix it" when the paragraph just before the fence at {@code fence} starts with it; null otherwise. */
  private static String label(List<String> lines, int fence) {
    int j = fence - 1;
    while (j >= 0 && lines.get(j).isBlank()) {
      j--;
    }
    while (j > 0 && !lines.get(j - 1).isBlank()) {
      j--;
    }
    String first = j >= 0 ? lines.get(j) : "";
    return first.startsWith("See it") ? "See it" : first.startsWith("Fix it") ? "Fix it" : null;
  }

  private static String withoutComment(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '#' && !quoted && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i).strip();
      }
    }
    return line.strip();
  }

  private List<Block> blocks(String section) {
    List<Block> b = sections.get(section);
    if (b == null) {
      throw new AssertionError("ops/RUNBOOK.md has no section '## " + section + ". ...'");
    }
    return b;
  }

  /** Every command line of the section's blocks with this label, in order. */
  List<String> commands(String section, String label) {
    return blocks(section).stream().filter(b -> b.label().equals(label) && "bash".equals(b.language()))
        .flatMap(b -> b.lines().stream()).toList();
  }

  /** The one command line of the section's blocks with this label that contains {@code part}, marked as run. */
  String command(String section, String label, String part) {
    List<String> found = commands(section, label).stream().filter(l -> l.contains(part)).toList();
    if (found.size() != 1) {
      throw new AssertionError("section " + section + " of ops/RUNBOOK.md: expected one '" + label + "' command with '" + part
          + "', found " + found + " among " + commands(section, label));
    }
    run.add(section + ":" + label + ":" + found.get(0));
    return found.get(0);
  }

  /** The SQL of the section's "See it" sql block, marked as run. */
  String sql(String section) {
    List<String> found = blocks(section).stream().filter(b -> "sql".equals(b.language())).flatMap(b -> b.lines().stream()).toList();
    if (found.size() != 1) {
      throw new AssertionError("section " + section + " of ops/RUNBOOK.md: expected one sql block, found " + found.size());
    }
    run.add(section + ":sql");
    return found.get(0);
  }

  /** The sections at least one of whose commands a drill has run. */
  Set<String> drilled() {
    Set<String> out = new java.util.TreeSet<>();
    run.forEach(r -> out.add(r.substring(0, r.indexOf(':'))));
    return out;
  }

  /** The section's "See it" and "Fix it" command lines no drill has run. */
  List<String> unrun(String section) {
    List<String> out = new ArrayList<>();
    for (String label : List.of("See it", "Fix it")) {
      for (String c : commands(section, label)) {
        if (!run.contains(section + ":" + label + ":" + c)) {
          out.add(label + ": " + c);
        }
      }
    }
    return out;
  }

  /**
   * The arguments of a command line as a shell would pass them to {@code ./keel}: words split on blanks, double quotes
   * removed, {@code $NAME} replaced from {@code vars}; the leading {@code ./keel} dropped.
   */
  static List<String> arguments(String line, Map<String, String> vars) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (any) {
          words.add(w.toString());
          w.setLength(0);
          any = false;
        }
      } else if (c == '$') {
        int end = i + 1;
        while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
          end++;
        }
        String name = line.substring(i + 1, end);
        String value = vars.get(name);
        if (value == null) {
          throw new AssertionError("'" + line + "': the drill gives no value for $" + name);
        }
        w.append(value);
        any = true;
        i = end - 1;
      } else {
        w.append(c);
        any = true;
      }
    }
    if (quoted) {
      throw new AssertionError("'" + line + "': a quote is not closed");
    }
    if (any) {
      words.add(w.toString());
    }
    if (words.isEmpty() || !words.get(0).equals("./keel")) {
      throw new AssertionError("'" + line + "' is not a ./keel command");
    }
    return words.subList(1, words.size());
  }
}
