using System.Text;
using Ideogram.Sdk.Providers.Runware;

namespace Ideogram.Sdk.Tests.Providers.Runware;

/// <summary><see cref="RunwareWebhook.Parse"/>: one webhook POST (a flat result item or a task's error) read into a status.</summary>
public sealed class RunwareWebhookTests
{
    private const string Task = "c34775f2-381c-4c0d-89bc-1d8e9bb0499b";

    private static ImageJobStatus Parse(string body) => RunwareWebhook.Parse(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void A_result_item_is_a_succeeded_status_with_its_one_image()
    {
        // The documented result item, as Runware posts it to the webhook (no "data" wrapper).
        var status = Parse($$"""{"taskType":"imageInference","taskUUID":"{{Task}}","imageUUID":"23665695-77df-4fee-adfb-3493efe8c9d5","imageURL":"https://im.runware.ai/image/os/a13d12/ws/2/ii/23665695-77df-4fee-adfb-3493efe8c9d5.jpg","seed":1425320281,"cost":0.09}""");

        Assert.Equal(ImageJobState.Succeeded, status.State);
        Assert.Equal(IdeogramProvider.Runware, status.Job.Provider);
        Assert.Equal(Task, status.Job.Id);
        var image = Assert.Single(status.Result!.Images);
        Assert.Equal("https://im.runware.ai/image/os/a13d12/ws/2/ii/23665695-77df-4fee-adfb-3493efe8c9d5.jpg", image.Url!.AbsoluteUri);
        Assert.Equal("23665695-77df-4fee-adfb-3493efe8c9d5", image.ProviderImageId);
        Assert.Equal(1425320281, image.Seed);
        Assert.Equal("image/jpeg", image.ContentType);
        Assert.Equal(0.09m, status.Result.Cost);
    }

    [Fact]
    public void An_inline_image_is_decoded()
    {
        var status = Parse($$"""{"taskType":"imageInference","taskUUID":"{{Task}}","imageUUID":"b7db282d-0000-4000-8000-000000000001","imageBase64Data":"{{Convert.ToBase64String(RunwareKit.Png)}}","NSFWContent":true}""");

        var image = Assert.Single(status.Result!.Images);
        Assert.Equal(RunwareKit.Png, image.Data!.Value.ToArray());
        Assert.Equal("image/png", image.ContentType);
        Assert.False(image.IsSafe);
    }

    [Fact]
    public void An_error_delivery_is_a_failed_status_with_runwares_code_and_message()
    {
        var status = Parse($$"""{"code":"timeoutProvider","message":"The provider did not answer in time.","taskUUID":"{{Task}}","taskType":"imageInference","status":"error"}""");

        Assert.Equal(ImageJobState.Failed, status.State);
        Assert.Equal(Task, status.Job.Id);
        var error = Assert.IsType<IdeogramJobFailedException>(status.Error);
        Assert.Equal("timeoutProvider", error.ErrorCode);
        Assert.Equal("The provider did not answer in time.", error.ProviderMessage);
        Assert.Equal(IdeogramProvider.Runware, error.Provider);
    }

    [Fact]
    public void A_content_policy_error_is_typed_as_one()
    {
        var status = Parse($$"""{"code":"contentPolicyViolation","message":"Blocked.","taskUUID":"{{Task}}","status":"error"}""");

        Assert.IsType<IdeogramContentPolicyException>(status.Error);
    }

    [Fact]
    public void A_result_item_with_an_embedded_error_is_a_failure()
    {
        var status = Parse($$"""{"taskType":"imageInference","taskUUID":"{{Task}}","status":"error","error":{"code":"inferenceError","message":"The model crashed."} }""");

        Assert.Equal(ImageJobState.Failed, status.State);
        Assert.Equal("inferenceError", status.Error!.ErrorCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"taskType":"imageInference","imageURL":"https://im.runware.ai/a.jpg"}""")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"../../etc/passwd","imageURL":"https://im.runware.ai/a.jpg"}""")]
    [InlineData("""{"taskType":"imageInference","taskUUID":42,"imageURL":"https://im.runware.ai/a.jpg"}""")]
    [InlineData("""{"data":[{"taskType":"imageInference","taskUUID":"c34775f2-381c-4c0d-89bc-1d8e9bb0499b"}]}""")]
    public void A_body_that_is_not_a_delivery_naming_a_task_is_a_format_error(string body)
    {
        Assert.Throws<FormatException>(() => Parse(body));
    }
}
