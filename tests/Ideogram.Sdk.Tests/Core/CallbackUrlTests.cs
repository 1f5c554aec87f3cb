using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>
/// <see cref="SubmitOptions.CallbackUrl"/> is never silently ignored: the providers whose mapping table takes a
/// callback send it (Runflow's <c>callback_url</c>, Runware's <c>webhookURL</c>); the others refuse it before sending
/// (strict) or leave it out with a warning on the job (best effort). The URL itself must be absolute http(s).
/// </summary>
public sealed class CallbackUrlTests
{
    private const string Hook = "https://hooks.example.test/ideogram?token=cb-secret-1";

    private static readonly SubmitOptions WithHook = new() { CallbackUrl = new Uri(Hook) };

    /// <summary>An answer that accepts a submission, for each provider.</summary>
    private static HttpResponseMessage Accept(IdeogramProvider provider, RecordedRequest request) => provider switch
    {
        IdeogramProvider.Ideogram => FunctionHandler.Json(CoreKit.GenerateJson),
        IdeogramProvider.Runflow => FunctionHandler.Json(HttpStatusCode.Created, """{"id":"run-1","status_code":"queued"}"""),
        IdeogramProvider.Segmind => FunctionHandler.Json("""{"request_id":"job-1","status":"QUEUED"}"""),
        IdeogramProvider.Runware => FunctionHandler.Json($$"""{"data":[{"taskType":"imageInference","taskUUID":"{{JsonNode.Parse(request.Body!)![0]!["taskUUID"]}}"}]}"""),
        IdeogramProvider.ApiInOne => FunctionHandler.Json("""{"code":200,"message":"success","data":{"task_id":"t1","status":"IN_PROGRESS"}}"""),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    private static (IdeogramClient Client, FunctionHandler Handler) Client(IdeogramProvider provider, UnsupportedParameterBehavior behavior = UnsupportedParameterBehavior.Strict) =>
        FunctionHandler.NewClient(provider, "callback-test-key", (r, _) => Accept(provider, r), o => o.UnsupportedParameters = behavior);

    public static TheoryData<IdeogramProvider> Providers() => [.. Enum.GetValues<IdeogramProvider>()];

    [Fact]
    public void The_providers_that_take_a_callback_are_those_whose_table_says_so()
    {
        var takers = Enum.GetValues<IdeogramProvider>().Where(p => IdeogramClient.GetCapabilities(p).AcceptsCallbackUrl);

        Assert.Equal([IdeogramProvider.Runflow, IdeogramProvider.Runware], takers);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_adapter_sends_the_callback_exactly_when_the_capabilities_say_it_takes_one(IdeogramProvider provider)
    {
        var (client, handler) = Client(provider, UnsupportedParameterBehavior.BestEffort);
        using (client)
        {
            var job = await client.SubmitAsync(new GenerateRequest("a lighthouse"), WithHook);

            var sent = Encoding.UTF8.GetString(handler.Requests[0].Body!);
            var takes = client.Capabilities.AcceptsCallbackUrl;
            Assert.Equal(takes, sent.Contains("hooks.example.test", StringComparison.Ordinal));
            Assert.Equal(!takes, job.Warnings.Any(w => w.Message.StartsWith("CallbackUrl", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Runware_sends_the_callback_as_the_tasks_webhookURL()
    {
        var (client, handler) = Client(IdeogramProvider.Runware);
        using (client)
        {
            await client.SubmitAsync(new GenerateRequest("a lighthouse"), WithHook);
            await client.SubmitAsync(new GenerateRequest("a lighthouse"));

            var task = JsonNode.Parse(handler.Requests[0].Body!)![0]!;
            Assert.Equal(Hook, (string)task["webhookURL"]!);
            Assert.Equal("async", (string)task["deliveryMethod"]!);
            Assert.Null(JsonNode.Parse(handler.Requests[1].Body!)![0]!["webhookURL"]);
        }
    }

    [Theory]
    [InlineData(IdeogramProvider.Ideogram)]
    [InlineData(IdeogramProvider.Segmind)]
    [InlineData(IdeogramProvider.ApiInOne)]
    public async Task Strict_refuses_a_callback_before_sending_naming_it_the_provider_and_those_that_take_it(IdeogramProvider provider)
    {
        var (client, handler) = Client(provider);
        using (client)
        {
            var e = await Assert.ThrowsAsync<UnsupportedParameterException>(() => client.SubmitAsync(new GenerateRequest("a lighthouse"), WithHook));

            Assert.Empty(handler.Requests);
            Assert.Equal("CallbackUrl", e.ParamName);
            Assert.Equal(provider, e.Provider);
            Assert.Equal([IdeogramProvider.Runflow, IdeogramProvider.Runware], e.SupportedBy);
            Assert.StartsWith("CallbackUrl ", e.Message, StringComparison.Ordinal);
            Assert.Contains(provider.ToString(), e.Message, StringComparison.Ordinal);
            Assert.Contains("Runflow, Runware", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("cb-secret-1", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_requests_own_best_effort_setting_wins_over_the_clients()
    {
        var (client, handler) = Client(IdeogramProvider.Segmind);
        using (client)
        {
            var job = await client.SubmitAsync(new GenerateRequest("a lighthouse") { UnsupportedParameters = UnsupportedParameterBehavior.BestEffort }, WithHook);

            Assert.Single(handler.Requests);
            var warning = Assert.Single(job.Warnings);
            Assert.Equal(Warning.Dropped, warning.Code);
            Assert.Contains("Segmind", warning.Message, StringComparison.Ordinal);
            Assert.Contains("Runflow, Runware", warning.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Best_effort_on_a_synchronous_provider_puts_the_warning_on_the_completed_result_too()
    {
        var (client, _) = Client(IdeogramProvider.Ideogram, UnsupportedParameterBehavior.BestEffort);
        using (client)
        {
            var job = await client.SubmitAsync(new GenerateRequest("a lighthouse"), WithHook);

            Assert.True(job.IsCompleted);
            Assert.Contains(job.Result!.Warnings, w => w.Message.StartsWith("CallbackUrl", StringComparison.Ordinal));
            Assert.Contains(job.Warnings, w => w.Message.StartsWith("CallbackUrl", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Best_effort_on_a_split_request_warns_once_on_the_job_and_on_each_part()
    {
        var (client, handler) = Client(IdeogramProvider.ApiInOne, UnsupportedParameterBehavior.BestEffort);
        using (client)
        {
            var job = await client.SubmitAsync(new GenerateRequest("a lighthouse") { NumImages = 2 }, WithHook);

            Assert.Equal(2, handler.Requests.Count);
            Assert.Equal(2, job.Parts.Count);
            Assert.Single(job.Warnings, w => w.Message.StartsWith("CallbackUrl", StringComparison.Ordinal));
            Assert.All(job.Parts, p => Assert.Single(p.Warnings, w => w.Message.StartsWith("CallbackUrl", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task A_pending_job_also_carries_the_best_effort_warnings_of_its_request()
    {
        var (client, _) = Client(IdeogramProvider.Segmind, UnsupportedParameterBehavior.BestEffort);
        using (client)
        {
            var job = await client.SubmitAsync(new GenerateRequest("a lighthouse") { RenderingSpeed = RenderingSpeed.Flash });

            Assert.False(job.IsCompleted);
            Assert.Contains(job.Warnings, w => w.Parameter == ImageParameter.RenderingSpeed);
        }
    }

    [Theory]
    [InlineData(IdeogramProvider.Runflow, "/hooks/ideogram?token=cb-secret-1")]
    [InlineData(IdeogramProvider.Runware, "/hooks/ideogram?token=cb-secret-1")]
    [InlineData(IdeogramProvider.Runware, "ftp://hooks.example.test/x?token=cb-secret-1")]
    [InlineData(IdeogramProvider.Runflow, "file:///tmp/hook?token=cb-secret-1")]
    [InlineData(IdeogramProvider.Segmind, "javascript:alert(1)?token=cb-secret-1")]
    public async Task A_callback_that_is_not_an_absolute_http_URL_is_refused_before_sending(IdeogramProvider provider, string url)
    {
        var (client, handler) = Client(provider, UnsupportedParameterBehavior.BestEffort);
        using (client)
        {
            var e = await Assert.ThrowsAsync<IdeogramValidationException>(() =>
                client.SubmitAsync(new GenerateRequest("a lighthouse"), new SubmitOptions { CallbackUrl = new Uri(url, UriKind.RelativeOrAbsolute) }));

            Assert.Empty(handler.Requests);
            Assert.Equal("CallbackUrl", e.ParamName);
            Assert.Equal(provider, e.Provider);
            Assert.DoesNotContain("cb-secret-1", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_plain_http_callback_is_accepted()
    {
        var (client, handler) = Client(IdeogramProvider.Runflow);
        using (client)
        {
            await client.SubmitAsync(new GenerateRequest("a lighthouse"), new SubmitOptions { CallbackUrl = new Uri("http://127.0.0.1:8080/hook") });

            Assert.Equal("http://127.0.0.1:8080/hook", (string)handler.Requests[0].Json["callback_url"]!);
        }
    }

    [Fact]
    public async Task Runflows_own_settings_are_named_by_their_errors()
    {
        var (client, handler) = FunctionHandler.NewClient(IdeogramProvider.Runflow, "callback-test-key", (r, _) => Accept(IdeogramProvider.Runflow, r),
            o => o.Runflow.DefaultCallbackUrl = new Uri("ftp://hooks.example.test/x"));
        using (client)
        {
            var hook = await Assert.ThrowsAsync<IdeogramValidationException>(() => client.SubmitAsync(new GenerateRequest("a lighthouse")));
            var reference = await Assert.ThrowsAsync<IdeogramValidationException>(() =>
                client.SubmitAsync(new GenerateRequest("a lighthouse"), new SubmitOptions { CallbackUrl = new Uri(Hook), ClientReference = new string('r', 256) }));

            Assert.Equal("DefaultCallbackUrl", hook.ParamName);
            Assert.Contains("callback URL", hook.Message, StringComparison.Ordinal);
            Assert.Equal("ClientReference", reference.ParamName);
            Assert.Empty(handler.Requests);
        }
    }

    [Fact]
    public void A_split_job_lists_its_parts_warnings_once_even_when_every_part_is_complete()
    {
        var warning = new Warning(Warning.Dropped, null, "CallbackUrl is not supported by Segmind.");
        var parts = Enumerable.Range(0, 2).Select(i => new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, $"p{i}", DateTimeOffset.UnixEpoch)
        {
            Result = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate, []) { Warnings = [warning] },
        }).ToList();

        var job = new ImageJob(IdeogramProvider.Segmind, ImageOperation.Generate, "p0", DateTimeOffset.UnixEpoch)
        {
            Parts = parts,
            Result = new ImageResult(IdeogramProvider.Segmind, ImageOperation.Generate, []),
        };

        Assert.Equal([warning], job.Warnings);
    }
}
