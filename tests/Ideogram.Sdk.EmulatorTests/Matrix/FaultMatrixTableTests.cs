using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.EmulatorTests.Matrix;

/// <summary>The README's fault matrix is rendered from the rules the matrix tests hold every cell to, and must not drift from them.</summary>
public sealed class FaultMatrixTableTests
{
    [Fact]
    public void The_readme_table_matches_the_rendered_one()
    {
        var rendered = MatrixTable.RenderMarkdown();

        // Left beside the test binaries, to paste between the README's markers when the matrix changes.
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "fault-matrix.md"), rendered);
        var text = File.ReadAllText(FindReadme()).ReplaceLineEndings("\n");
        var start = text.IndexOf(MatrixTable.Start, StringComparison.Ordinal);
        var end = text.IndexOf(MatrixTable.End, StringComparison.Ordinal);

        Assert.True(start >= 0 && end > start, $"The README has no {MatrixTable.Start} … {MatrixTable.End} section.");
        Assert.Equal(rendered.TrimEnd('\n'), text[(start + MatrixTable.Start.Length)..end].Trim('\n'));
    }

    [Fact]
    public void Every_cell_the_tests_run_is_in_the_table_and_nothing_else()
    {
        var rows = MatrixTable.RenderMarkdown().Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| fault |", StringComparison.Ordinal)).ToList();
        var cells = rows.Sum(r => r.Split('|', StringSplitOptions.TrimEntries).Length - 3);

        Assert.Equal(MatrixData.Cells().Count(), cells);
        Assert.Equal(4 * MatrixData.Faults.Length, rows.Count);
        Assert.Equal(5, MatrixData.Routes.Select(r => r.Provider).Distinct().Count());
        Assert.All(MatrixData.Routes, r => Assert.Contains(RequestPhase.Submission, r.Phases));

        // Each route has its test class, and together they run every cell.
        var classes = typeof(FaultMatrixTableTests).Assembly.GetTypes().Where(t => t.Name.EndsWith("FaultMatrix", StringComparison.Ordinal)).ToList();
        var routes = classes.SelectMany(t => t.GetMethod("Cell")!.GetCustomAttributes(typeof(MemberDataAttribute), false).Cast<MemberDataAttribute>())
            .Select(a => (string)a.Parameters[0]).ToList();
        Assert.Equal(MatrixData.Routes.Select(r => r.Name).Order(), routes.Order());
    }

    private static string FindReadme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ideogram.Sdk.sln")))
            {
                return Path.Combine(dir.FullName, "README.md");
            }
        }

        throw new FileNotFoundException("README.md not found above " + AppContext.BaseDirectory);
    }
}
