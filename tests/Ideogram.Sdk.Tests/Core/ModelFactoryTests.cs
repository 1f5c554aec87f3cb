using System.Net;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Core;

/// <summary>The model factory builds what the SDK returns and throws, so users can fake the client faithfully; ApiKey is the rotatable credential.</summary>
public sealed class ModelFactoryTests
{
    [Fact]
    public void Images_results_and_jobs_are_built_with_every_field()
    {
        var image = IdeogramModelFactory.GeneratedImage(new Uri("https://cdn.test/a.png"), seed: 7, data: new byte[] { 1, 2 }, contentType: "image/png", cost: 0.03m);
        var result = IdeogramModelFactory.ImageResult(IdeogramProvider.Runware, ImageOperation.Remix, warnings: [new Warning(Warning.Dropped, ImageParameter.StylePreset, "dropped")], cost: 0.03m, requestId: "r1", images: image);
        var pending = IdeogramModelFactory.PendingJob(IdeogramProvider.Runware, "task-1", ImageOperation.Remix);
        var completed = IdeogramModelFactory.CompletedJob(result, "task-2");
        var composite = IdeogramModelFactory.CompositeJob(pending, completed);

        Assert.Equal(IdeogramProvider.Runware, image.Provider);
        Assert.Equal(2, image.Data!.Value.Length);
        Assert.Equal("r1", result.RequestId);
        Assert.False(pending.IsCompleted);
        Assert.Same(result, completed.Result);
        Assert.Equal(["task-1", "task-2"], composite.Parts.Select(p => p.Id));
        Assert.False(composite.IsCompleted);
        Assert.Equal(composite.Parts.Select(p => p.Id), ImageJob.Parse(composite.ToToken()).Parts.Select(p => p.Id));
    }

    [Fact]
    public void Exceptions_carry_what_the_sdk_would_put_on_them()
    {
        var job = IdeogramModelFactory.PendingJob(IdeogramProvider.Runflow, "run_1");
        var partial = IdeogramModelFactory.ImageResult(IdeogramProvider.Runflow);

        var timeout = IdeogramModelFactory.Failure(new IdeogramTimeoutException("lost"), job, submission: SubmissionState.MayHaveRun);
        var refused = IdeogramModelFactory.Failure(new IdeogramException("busy", new ProviderErrorDetails(IdeogramProvider.Runflow, HttpStatusCode.ServiceUnavailable)), submission: SubmissionState.Refused);
        var read = IdeogramModelFactory.Failure(new IdeogramException("busy", new ProviderErrorDetails(IdeogramProvider.Runflow, HttpStatusCode.ServiceUnavailable)), job, submission: SubmissionState.Accepted, failedOnRead: true);
        var split = IdeogramModelFactory.Failure(new IdeogramSplitRequestException("1 of 2 failed") { ImagesNotSubmitted = 1, CallCount = 2 }, job, partial, SubmissionState.Accepted);
        var canceled = IdeogramModelFactory.Canceled(job, partial);
        var waitCanceled = IdeogramModelFactory.WaitCanceled(job, partial);

        Assert.Same(job, timeout.Job);
        Assert.False(timeout.IsRetryable);
        Assert.True(timeout.MayHaveCharged);
        Assert.True(refused.IsRetryable);
        Assert.False(refused.MayHaveCharged);
        Assert.True(read.IsRetryable);
        Assert.Same(partial, split.PartialResult);
        Assert.False(split.IsRetryable);
        Assert.IsAssignableFrom<OperationCanceledException>(canceled);
        Assert.Same(partial, canceled.PartialResult);
        Assert.True(canceled.MayHaveCharged);
        Assert.Same(job, waitCanceled.Job);
        Assert.Equal(SubmissionState.Accepted, waitCanceled.Submission);
    }

    /// <summary>Code a user might test: collect what a split request kept, then ask again for the rest.</summary>
    private static async Task<int> KeepWhatWasMadeAsync(IIdeogramClient client)
    {
        try
        {
            return (await client.GenerateAsync(new GenerateRequest("fox") { NumImages = 4 })).Images.Count;
        }
        catch (IdeogramSplitRequestException e)
        {
            var rest = await client.GenerateAsync(new GenerateRequest("fox") { NumImages = e.ImagesNotSubmitted });
            return e.PartialResult!.Images.Count + rest.Images.Count;
        }
    }

    private sealed class FakeClient(IdeogramClientOptions options) : IdeogramClient(options, FunctionHandler.Forbidden())
    {
        private int _calls;

        public override Task<ImageResult> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                var partial = IdeogramModelFactory.ImageResult(IdeogramProvider.Segmind, images: [IdeogramModelFactory.GeneratedImage(), IdeogramModelFactory.GeneratedImage(), IdeogramModelFactory.GeneratedImage()]);
                throw IdeogramModelFactory.Failure(new IdeogramSplitRequestException("1 of 4 calls failed") { ImagesNotSubmitted = 1, CallCount = 4 }, partialResult: partial, submission: SubmissionState.Accepted);
            }

            return Task.FromResult(IdeogramModelFactory.ImageResult(IdeogramProvider.Segmind, images: Enumerable.Range(0, request.NumImages ?? 1).Select(_ => IdeogramModelFactory.GeneratedImage())));
        }
    }

    [Fact]
    public async Task A_subclassed_client_can_answer_like_the_real_one()
    {
        using var client = new FakeClient(new IdeogramClientOptions { Provider = IdeogramProvider.Segmind, ApiKey = "k" });

        Assert.Equal(4, await KeepWhatWasMadeAsync(client));
    }

    [Fact]
    public async Task A_client_given_an_api_key_object_uses_each_rotation_on_its_next_request()
    {
        var key = new ApiKey("first-key-0001");
        var handler = new ScriptedHandler().Respond(HttpStatusCode.OK, CoreKit.GenerateJson).Respond(HttpStatusCode.OK, CoreKit.GenerateJson);
        using var client = new IdeogramClient(new IdeogramClientOptions { Credential = key, BaseAddress = CoreKit.Base }, handler);

        await client.GenerateAsync(new GenerateRequest("fox"));
        key.Update("second-key-0002");
        await client.GenerateAsync(new GenerateRequest("fox"));

        Assert.Equal(["first-key-0001", "second-key-0002"], handler.Requests.Select(r => r.Headers["Api-Key"]));
        Assert.DoesNotContain("key-000", new IdeogramClientOptions { Credential = key }.ToString(), StringComparison.Ordinal);
    }
}
