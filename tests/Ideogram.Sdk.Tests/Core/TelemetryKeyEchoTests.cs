using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// Every provider answer of <see cref="KeyEchoTests"/> that echoes the key (as written, JSON-escaped or URL-encoded, on
/// every path of every adapter) leaves no trace of it in what the SDK emits, even with sensitive data recorded: span
/// names, tags, events and statuses, log messages and state, metric tags.
/// </summary>
public sealed class TelemetryKeyEchoTests
{
    public static TheoryData<string, string> Cases() => KeyEchoTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_echoed_key_reaches_no_span_log_or_metric(string scenario, string form)
    {
        using var capture = new TelemetryCapture();
        var (provider, act, answer) = KeyEchoTests.Scenarios[scenario];
        var echo = KeyEchoTests.Forms[form];
        var (client, handler) = FunctionHandler.NewClient(provider, KeyEchoTests.Key, (r, i) => answer(echo, r, i), o =>
        {
            capture.Configure(o);
            o.EnableSensitiveData = true;
        });
        using (client)
        {
            await act(client);
        }

        Assert.NotEmpty(handler.Requests);
        Assert.NotEmpty(capture.Spans);
        Assert.Contains(capture.Logs.GetSnapshot(), l => l.Id.Name is "OperationFailed");
        var emitted = capture.EverythingEmitted();
        foreach (var known in KeyEchoTests.Forms.Values.Append("TOPSECRET"))
        {
            Assert.DoesNotContain(emitted, t => t.Contains(known, StringComparison.Ordinal));
        }
    }
}
