using System.Net;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Providers;
using Ideogram.Sdk.Providers.Runware;
using static Ideogram.Sdk.Tests.Providers.Runware.RunwareKit;

namespace Ideogram.Sdk.Tests.Providers.Runware;

/// <summary>Reading Runware's answers: the documented result items, several results, inline bytes, NSFW flags, cost.</summary>
public sealed class RunwareResponseTests
{
    private static async Task<(SubmitContext Context, string TaskUuid)> SubmittedAsync(ImageRequest request, string taskUuid, bool preferJob = false, Action<RunwareOptions>? configure = null)
    {
        var context = Context(await PrepareAsync(request), Guid.Parse(taskUuid), preferJob, configure);
        using var _ = Adapter.CreateSubmit(context);
        return (context, taskUuid);
    }

    [Fact]
    public async Task The_documented_edit_response_becomes_an_image_with_its_uuid_seed_and_cost()
    {
        var item = Fixture("edit-response.json");
        var (context, _) = await SubmittedAsync(
            new EditRequest(ImageInput.FromUrl("https://example.com/i.jpg"), ImageInput.FromUrl("https://example.com/m.jpg"), "a"),
            (string)item["taskUUID"]!);

        var outcome = Adapter.ReadSubmit(context, Response(HttpStatusCode.OK, new JsonObject { ["data"] = new JsonArray(item) }.ToJsonString()));

        var result = outcome.Result!;
        Assert.Null(outcome.Job);
        Assert.Equal(IdeogramProvider.Runware, result.Provider);
        Assert.Equal(ImageOperation.Edit, result.Operation);
        var image = Assert.Single(result.Images);
        Assert.Equal(new Uri((string)item["imageURL"]!), image.Url);
        Assert.Equal("23665695-77df-4fee-adfb-3493efe8c9d5", image.ProviderImageId);
        Assert.Equal(1425320281, image.Seed);
        Assert.Equal(0.09m, image.Cost);
        Assert.Equal("image/jpeg", image.ContentType);
        Assert.True(image.IsSafe);
        Assert.Equal(0.09m, result.Cost);
    }

    [Fact]
    public async Task A_synchronous_answer_that_cannot_be_read_carries_the_task_as_a_job_but_a_readable_one_has_none()
    {
        const string mine = "33333333-3333-4333-8333-333333333333";
        var (context, _) = await SubmittedAsync(new GenerateRequest("a"), mine);

        var undecodable = Assert.Throws<IdeogramException>(() => Adapter.ReadSubmit(context, Response(HttpStatusCode.OK,
            $$"""{"data":[{"taskType":"imageInference","taskUUID":"{{mine}}","imageUUID":"i","imageBase64Data":"not base64!"}]}""")));
        var notJson = Assert.Throws<IdeogramException>(() => Adapter.ReadSubmit(context, Response(HttpStatusCode.OK, "<html>")));
        var readable = Adapter.ReadSubmit(context, Response(HttpStatusCode.OK, $$"""{"data":[{{Item(mine, 1, cost: 0.06m)}}]}"""));

        Assert.Contains("an 'imageBase64Data' that is not base64 image data", undecodable.Message, StringComparison.Ordinal);
        Assert.Equal(mine, undecodable.Job?.Id);
        Assert.Equal(mine, undecodable.Job!.Properties[RunwareAdapter.TaskUuidProperty]);
        Assert.Equal(mine, notJson.Job?.Id);
        Assert.Null(readable.Job);
        Assert.Null(readable.Result!.Job);
        Assert.Equal(0.06m, readable.Result.Cost);
    }

    [Fact]
    public async Task Several_results_are_grouped_by_task_uuid_not_by_position_and_their_costs_summed()
    {
        const string mine = "11111111-1111-4111-8111-111111111111";
        const string other = "22222222-2222-4222-8222-222222222222";
        var (context, _) = await SubmittedAsync(new GenerateRequest("a") { NumImages = 3 }, mine);
        var body = $$"""
            {"data":[
              {{Item(other, 9, cost: 1m)}},
              {{Item(mine, 1, cost: 0.06m)}},
              {"taskType":"authentication","connectionSessionUUID":"f40c2aeb-f8a7-4af7-a1ab-7594c9bf778f"},
              {{Item(mine, 2, cost: 0.06m)}},
              {{Item(other, 8, cost: 1m)}},
              {{Item(mine, 3, cost: 0.06m)}}
            ]}
            """;

        var result = Adapter.ReadSubmit(context, Response(HttpStatusCode.OK, body)).Result!;

        Assert.Equal(["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003"], result.Images.Select(i => i.ProviderImageId));
        Assert.Equal(0.18m, result.Cost);
        Assert.Equal([1001L, 1002L, 1003L], result.Images.Select(i => i.Seed!.Value));
    }

    [Fact]
    public async Task Base64_and_data_uri_outputs_become_bytes()
    {
        const string id = "33333333-3333-4333-8333-333333333333";
        var (context, _) = await SubmittedAsync(new GenerateRequest("a") { NumImages = 2 }, id, configure: o => o.OutputType = RunwareOutputType.Base64Data);
        var b64 = Convert.ToBase64String(Png);
        var body = $$"""
            {"data":[
              {"taskType":"imageInference","taskUUID":"{{id}}","imageUUID":"a","imageBase64Data":"{{b64}}","seed":1},
              {"taskType":"imageInference","taskUUID":"{{id}}","imageUUID":"b","imageDataURI":"data:image/webp;base64,{{b64}}","seed":2}
            ]}
            """;

        var result = Adapter.ReadSubmit(context, Response(HttpStatusCode.OK, body)).Result!;

        Assert.All(result.Images, i => Assert.Null(i.Url));
        Assert.Equal(Png, result.Images[0].Data!.Value.ToArray());
        Assert.Equal("image/png", result.Images[0].ContentType);
        Assert.Equal(Png, result.Images[1].Data!.Value.ToArray());
        Assert.Equal("image/webp", result.Images[1].ContentType);
        Assert.Null(result.Cost);
    }

    [Fact]
    public async Task An_nsfw_flag_marks_the_image_unsafe()
    {
        const string id = "44444444-4444-4444-8444-444444444444";
        var (context, _) = await SubmittedAsync(new GenerateRequest("a") { NumImages = 2 }, id, configure: o => o.CheckContent = true);
        var body = $$"""
            {"data":[
              {"taskType":"imageInference","taskUUID":"{{id}}","imageUUID":"a","imageURL":"https://im.runware.ai/a.png","NSFWContent":true},
              {"taskType":"imageInference","taskUUID":"{{id}}","imageUUID":"b","imageURL":"https://im.runware.ai/b.png","NSFWContent":false}
            ]}
            """;

        var result = Adapter.ReadSubmit(context, Response(HttpStatusCode.OK, body)).Result!;

        Assert.False(result.Images[0].IsSafe);
        Assert.True(result.Images[1].IsSafe);
        Assert.True(result.HasUnsafeImages);
        Assert.Equal("image/png", result.Images[0].ContentType);
    }

    [Theory]
    [InlineData("""{"data":[{"taskType":"imageInference","taskUUID":"55555555-5555-4555-8555-555555555555"}]}""")]
    [InlineData("""{"data":[]}""")]
    [InlineData("""{}""")]
    public async Task Any_answer_without_errors_accepts_an_async_task_as_a_pending_job(string ack)
    {
        const string id = "55555555-5555-4555-8555-555555555555";
        var (context, _) = await SubmittedAsync(new RemixRequest(ImageInput.FromBytes(Png), "a") { NumImages = 3 }, id, preferJob: true);

        var outcome = Adapter.ReadSubmit(context, Response(HttpStatusCode.OK, ack));

        Assert.Null(outcome.Result);
        var job = outcome.Job!;
        Assert.Equal(id, job.Id);
        Assert.Equal(ImageOperation.Remix, job.Operation);
        Assert.Equal(id, job.Properties["taskUUID"]);
        Assert.Equal("3", job.Properties["numberResults"]);
    }

    [Fact]
    public async Task An_unreadable_body_keeps_the_raw_text()
    {
        var (context, _) = await SubmittedAsync(new GenerateRequest("a"), "66666666-6666-4666-8666-666666666666");

        var e = Assert.ThrowsAny<IdeogramException>(() => Adapter.ReadSubmit(context, Response(HttpStatusCode.OK, "<html>gateway</html>")));

        Assert.Contains("gateway", e.RawBody, StringComparison.Ordinal);
    }
}
