using System.Globalization;
using System.Text;

namespace Ideogram.Sdk.Benchmarks.Measure;

/// <summary>The ratio table every command adds to: one row per figure, the SDK's value over the hand-written one.</summary>
internal sealed class Report
{
    private readonly List<(string Scenario, string Metric, string Sdk, string Hand, string Ratio, string Target)> _rows = [];
    private readonly List<string> _notes = [];

    /// <summary>A figure where lower is better (time, CPU, bytes); the ratio is SDK / hand-written.</summary>
    public void Add(string scenario, string metric, double sdk, double hand, string unit, string target = "", string spread = "")
    {
        var ratio = hand == 0 ? "n/a" : (sdk / hand).ToString("F2", CultureInfo.InvariantCulture) + "×" + (spread.Length > 0 ? $" ({spread})" : string.Empty);
        _rows.Add((scenario, metric, Format(sdk, unit), Format(hand, unit), ratio, target));
    }

    /// <summary>A figure with no hand-written counterpart.</summary>
    public void AddPlain(string scenario, string metric, string value, string target = "") => _rows.Add((scenario, metric, value, "", "", target));

    public void Note(string text) => _notes.Add(text);

    public static string Format(double value, string unit) => unit switch
    {
        "bytes" => value >= 1024 * 1024 ? Invariant($"{value / 1024 / 1024:F2} MB") : Invariant($"{value / 1024:F1} KB"),
        "us" => Invariant($"{value:F1} µs"),
        "ms" => Invariant($"{value:F2} ms"),
        "/s" => Invariant($"{value:F0}/s"),
        _ => Invariant($"{value:F2} {unit}"),
    };

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | figure | SDK | hand-written | SDK / hand-written | target |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in _rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Metric} | {r.Sdk} | {r.Hand} | {r.Ratio} | {r.Target} |");
        }

        foreach (var note in _notes)
        {
            text.AppendLine().AppendLine(note);
        }

        return text.ToString();
    }

    /// <summary>Prints the table and writes it to <c>BenchmarkDotNet.Artifacts/ratios-{name}.md</c>.</summary>
    public void Publish(string name)
    {
        var markdown = ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        var path = Path.Combine("BenchmarkDotNet.Artifacts", $"ratios-{name}.md");
        File.WriteAllText(path, markdown);
        Console.WriteLine($"(written to {Path.GetFullPath(path)})");
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
