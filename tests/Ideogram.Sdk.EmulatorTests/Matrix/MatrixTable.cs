using System.Text;
using Ideogram.Sdk.Emulator.Control;

namespace Ideogram.Sdk.EmulatorTests.Matrix;

/// <summary>The README's fault matrix, rendered from the cells and rules the matrix tests run.</summary>
internal static class MatrixTable
{
    public const string Start = "<!-- fault-matrix:start -->";

    public const string End = "<!-- fault-matrix:end -->";

    private static readonly (RequestPhase Phase, string Title)[] Phases =
    [
        (RequestPhase.Submission, "The paid submission"),
        (RequestPhase.Status, "A status read of the accepted job"),
        (RequestPhase.FollowUp, "A follow-up read that collects the result (Segmind's v2 result, Runware's `getResponse`)"),
        (RequestPhase.Download, "The image download (`DownloadAsync`)"),
    ];

    public static string RenderMarkdown()
    {
        var text = new StringBuilder();
        foreach (var (phase, title) in Phases)
        {
            var routes = MatrixData.Routes.Where(r => r.Phases.Contains(phase)).ToList();
            text.Append("**").Append(title).Append("**\n\n");
            text.Append("| fault | ").AppendJoin(" | ", routes.Select(r => r.Name)).Append(" |\n");
            text.Append("|---|").Append(string.Concat(routes.Select(_ => "---|"))).Append('\n');
            foreach (var fault in MatrixData.Faults)
            {
                text.Append("| ").Append(fault.Title).Append(fault.AfterHandling ? " †" : "").Append(" | ")
                    .AppendJoin(" | ", routes.Select(r => MatrixExpectations.Expect(r, phase, fault).Text(phase)))
                    .Append(" |\n");
            }

            text.Append('\n');
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }
}
