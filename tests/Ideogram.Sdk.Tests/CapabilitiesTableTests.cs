using Ideogram.Sdk.Mapping;

namespace Ideogram.Sdk.Tests;

/// <summary>The README's capability tables are rendered from the mapping tables and must not drift from them.</summary>
public class CapabilitiesTableTests
{
    private const string Start = "<!-- capabilities:start -->";
    private const string End = "<!-- capabilities:end -->";

    private static List<IdeogramProvider> Registered()
    {
        var registered = new List<IdeogramProvider>();
        foreach (var provider in Enum.GetValues<IdeogramProvider>())
        {
            try
            {
                IdeogramClient.GetCapabilities(provider);
                registered.Add(provider);
            }
            catch (NotSupportedException)
            {
                // Not available in this build.
            }
        }

        return registered;
    }

    [Fact]
    public void Every_registered_provider_has_a_column_in_both_tables()
    {
        var text = CapabilitiesTable.RenderMarkdown();
        var registered = Registered();
        var headers = text.Split('\n').Where(l => l.StartsWith("| Operation |", StringComparison.Ordinal) || l.StartsWith("| Parameter |", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, headers.Count);
        Assert.Contains(IdeogramProvider.Ideogram, registered);
        foreach (var header in headers)
        {
            Assert.Equal(registered.Select(p => p.ToString()), header.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Skip(1));
        }
    }

    [Fact]
    public void Cells_come_from_the_capabilities()
    {
        var rows = CapabilitiesTable.RenderMarkdown().Split('\n')
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries).Skip(1).SkipLast(1).ToArray())
            .Where(cells => cells.Length > 0)
            .ToList();
        var registered = Registered();

        foreach (var operation in Enum.GetValues<ImageOperation>())
        {
            var row = rows.First(r => r[0] == operation.ToString());
            for (var i = 0; i < registered.Count; i++)
            {
                Assert.Equal(IdeogramClient.GetCapabilities(registered[i]).Supports(operation) ? "✓" : "—", row[i + 1]);
            }
        }

        var seed = rows.First(r => r[0] == nameof(ImageParameter.Seed));
        for (var i = 0; i < registered.Count; i++)
        {
            var caps = IdeogramClient.GetCapabilities(registered[i]);
            var range = caps.Operations.Select(o => caps.GetRange(o, ImageParameter.Seed)).FirstOrDefault(r => r is not null);
            Assert.Equal(range is { } r ? $"{r.Min}..{r.Max}" : "—", seed[i + 1]);
        }

        var perCall = rows.First(r => r[0] == "Images per call");
        Assert.Equal(registered.Select(p => IdeogramClient.GetCapabilities(p).MaxImagesPerCall.ToString(System.Globalization.CultureInfo.InvariantCulture)), perCall.Skip(1));
    }

    [Fact]
    public void The_readme_table_matches_the_rendered_one()
    {
        var rendered = CapabilitiesTable.RenderMarkdown();

        // Left beside the test binaries, to paste between the README's markers when providers change.
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "capabilities.md"), rendered);
        var readme = FindReadme();
        var text = readme is null ? string.Empty : File.ReadAllText(readme).ReplaceLineEndings("\n");
        var start = text.IndexOf(Start, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);

        if (start >= 0 && end > start)
        {
            var section = text[(start + Start.Length)..end].Trim('\n');
            Assert.Equal(rendered.TrimEnd('\n'), section);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(rendered));
            Assert.All(Registered(), p => Assert.Contains(p.ToString(), rendered, StringComparison.Ordinal));
        }
    }

    /// <summary>The repository's README, found by walking up from the test output to the solution file.</summary>
    private static string? FindReadme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ideogram.Sdk.sln")))
            {
                var path = Path.Combine(dir.FullName, "README.md");
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }
}
