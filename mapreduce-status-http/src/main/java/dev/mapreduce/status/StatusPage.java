package dev.mapreduce.status;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.mapreduce.core.coordinator.StatusSnapshot;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The status page: the same picture as the status block, as HTML that refreshes itself every two
 * seconds and needs no JavaScript (progress bars are sized divs).
 */
public final class StatusPage {
  private static final Escaper HTML = HtmlEscapers.htmlEscaper();
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private StatusPage() {}

  public static String render(StatusSnapshot s, ZoneId zone) {
    StringBuilder b = new StringBuilder(8192);
    boolean over =
        s.phase() == StatusSnapshot.Phase.DONE || s.phase() == StatusSnapshot.Phase.FAILED;
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    if (!over) {
      b.append("<meta http-equiv=\"refresh\" content=\"2\">");
    }
    b.append("<title>MapReduce: ")
        .append(esc(s.jobName()))
        .append(" (")
        .append(s.phase())
        .append(")</title>")
        .append("<style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;background:#fafafa}")
        .append("h1{font-size:1.4em;margin-bottom:.2em}.sub{color:#666;margin-top:0}")
        .append("table{border-collapse:collapse;margin:.5em 0 1.5em;background:#fff}")
        .append(
            "th,td{border:1px solid #ddd;padding:.35em .8em;text-align:left}th{background:#f0f0f0}")
        .append("td.n{text-align:right;font-variant-numeric:tabular-nums}")
        .append(
            ".bar{width:22em;height:1.1em;background:#e6e6e6;border-radius:3px;overflow:hidden;display:inline-block;vertical-align:middle}")
        .append(".fill{height:100%;background:#3b82f6}.fill.done{background:#16a34a}")
        .append(".FAILED{color:#b91c1c;font-weight:bold}.busy{color:#1d4ed8}.idle{color:#555}")
        .append(
            ".phase{display:inline-block;padding:.1em .6em;border-radius:3px;background:#e0e7ff}")
        .append(".phase.FAILED{background:#fee2e2}.phase.DONE{background:#dcfce7}")
        .append("ul.events{font-family:ui-monospace,monospace;font-size:.9em}")
        .append("section{display:inline-block;vertical-align:top;margin-right:2.5em}")
        .append("</style></head><body>\n");
    b.append("<h1>Job <code>")
        .append(esc(s.jobName()))
        .append("</code> <span class=\"phase ")
        .append(s.phase())
        .append("\">")
        .append(s.phase())
        .append("</span></h1>\n");
    b.append("<p class=\"sub\">")
        .append(LocalDateTime.ofInstant(s.time(), zone).truncatedTo(ChronoUnit.SECONDS))
        .append(
            String.format(Locale.ROOT, " &middot; running for %.1f s", s.elapsedMillis() / 1000.0))
        .append(" &middot; ")
        .append(s.attempts())
        .append(" attempts &middot; ")
        .append(s.reassignments())
        .append(" reassigned &middot; ")
        .append(s.heartbeats())
        .append(" heartbeats")
        .append(over ? "" : " &middot; refreshes every 2 s")
        .append("</p>\n");

    b.append("<h2>Progress</h2><table>\n");
    progress(b, "Map", s.maps());
    progress(b, "Reduce", s.reduces());
    b.append("</table>\n");

    b.append(
        "<section><h2>Workers</h2><table><tr><th>worker</th><th>state</th><th>last heartbeat</th><th>tasks done</th></tr>\n");
    for (StatusSnapshot.WorkerView w : s.workers()) {
      b.append("<tr><td>")
          .append(esc(w.id()))
          .append("</td><td class=\"")
          .append(esc(w.state()))
          .append("\">")
          .append(esc(w.state()))
          .append("</td><td>")
          .append(LocalTime.ofInstant(w.lastSeen(), zone).format(CLOCK))
          .append("</td><td class=\"n\">")
          .append(w.tasksCompleted())
          .append("</td></tr>\n");
    }
    if (s.workers().isEmpty()) {
      b.append("<tr><td colspan=\"4\">no worker has registered yet</td></tr>\n");
    }
    b.append("</table></section>\n");

    b.append(
        "<section><h2>Tasks</h2><table><tr><th>phase</th><th>pending</th><th>running</th><th>completed</th><th>failed</th></tr>\n");
    tasks(b, "map", s.maps());
    tasks(b, "reduce", s.reduces());
    b.append("</table></section>\n");

    b.append("<section><h2>Counters</h2><table><tr><th>counter</th><th>value</th></tr>\n");
    new TreeMap<>(s.counters())
        .forEach(
            (k, v) ->
                b.append("<tr><td>")
                    .append(esc(k))
                    .append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", v))
                    .append("</td></tr>\n"));
    b.append("</table></section>\n");

    b.append("<h2>Recent events</h2><ul class=\"events\">\n");
    for (int i = s.recentEvents().size() - 1; i >= 0; i--) {
      b.append("<li>").append(esc(s.recentEvents().get(i))).append("</li>\n");
    }
    b.append(
        "</ul>\n<p class=\"sub\"><a href=\"status.json\">status.json</a> &middot; <a href=\"metrics\">metrics</a></p>\n");
    b.append("</body></html>\n");
    return b.toString();
  }

  private static void progress(StringBuilder b, String name, StatusSnapshot.TaskCounts c) {
    int total = c.total();
    int pct = total == 0 ? 100 : (int) (100L * c.completed() / total);
    b.append("<tr><td>")
        .append(name)
        .append("</td><td><div class=\"bar\" role=\"progressbar\" aria-valuenow=\"")
        .append(pct)
        .append("\"><div class=\"fill")
        .append(pct == 100 ? " done" : "")
        .append("\" style=\"width:")
        .append(pct)
        .append("%\"></div></div></td><td class=\"n\">")
        .append(c.completed())
        .append(" / ")
        .append(total)
        .append(" (")
        .append(pct)
        .append("%)</td></tr>\n");
  }

  private static void tasks(StringBuilder b, String phase, StatusSnapshot.TaskCounts c) {
    b.append("<tr><td>")
        .append(phase)
        .append("</td><td class=\"n\">")
        .append(c.pending())
        .append("</td><td class=\"n\">")
        .append(c.running())
        .append("</td><td class=\"n\">")
        .append(c.completed())
        .append("</td><td class=\"n\">")
        .append(c.failed())
        .append("</td></tr>\n");
  }

  private static String esc(String s) {
    return HTML.escape(s);
  }
}
