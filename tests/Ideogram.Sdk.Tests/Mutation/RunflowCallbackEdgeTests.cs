using System.Text;
using Ideogram.Sdk.Providers.Runflow;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>The edges of Runflow callbacks: secrets given, a secret listed twice, and which id and date a callback's job gets.</summary>
public sealed class RunflowCallbackEdgeTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":"run.queued","run_id":"r1","status":"queued"}""");

    [Fact]
    public void Secrets_must_be_given_and_not_empty()
    {
        Assert.Equal("secrets", Assert.Throws<ArgumentNullException>(() => RunflowWebhook.Verify(Body, "x", (IEnumerable<string>)null!)).ParamName);
        var none = Assert.Throws<ArgumentException>(() => RunflowWebhook.Verify(Body, "x", ["", null!]));
        Assert.Equal("secrets", none.ParamName);
        Assert.StartsWith("At least one non-empty Runflow signing secret is required.", none.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RunflowWebhook.Verify(Body, "x", ""));
        Assert.Throws<ArgumentNullException>(() => RunflowWebhook.Verify(Body, "x", (string)null!));
        Assert.Throws<ArgumentException>(() => RunflowWebhook.Sign(Body, ""));
    }

    [Fact]
    public void A_signature_verifies_however_many_of_the_secrets_it_matches()
    {
        var signature = RunflowWebhook.Sign(Body, "whsec_one");

        Assert.True(RunflowWebhook.Verify(Body, signature, ["whsec_one", "whsec_one"]));
        Assert.True(RunflowWebhook.Verify(Body, signature, ["whsec_two", "whsec_one"]));
        Assert.True(RunflowWebhook.Verify(Body, "  " + signature.ToUpperInvariant() + " ", "whsec_one"));
        Assert.False(RunflowWebhook.Verify(Body, signature, ["whsec_two", "whsec_three"]));
        Assert.False(RunflowWebhook.Verify(Body, signature[..^2], "whsec_one"));
        Assert.False(RunflowWebhook.Verify(Body, signature[..^1] + "g", "whsec_one"));
        Assert.False(RunflowWebhook.Verify(Body, null, "whsec_one"));
    }

    [Theory]
    [InlineData("""{"run_id":"a","id":"b","status":"queued"}""", "a")]
    [InlineData("""{"id":"b","status":"queued"}""", "b")]
    public void A_callbacks_job_is_named_by_its_run_id_first(string body, string id) =>
        Assert.Equal(id, RunflowWebhook.Parse(Encoding.UTF8.GetBytes(body)).Job.Id);

    [Theory]
    [InlineData("""{"status":"queued"}""", "The body is not a Runflow run callback: it has no run_id.")]
    [InlineData("""{"batch_id":"b1","status":"queued"}""", "The body is a Runflow batch callback (batch_id); only run callbacks can be read.")]
    [InlineData("""[1]""", "The body is not a Runflow callback (not a JSON object).")]
    public void A_body_that_is_not_a_run_callback_says_what_it_is(string body, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => RunflowWebhook.Parse(Encoding.UTF8.GetBytes(body))).Message);

    [Fact]
    public void A_callbacks_job_dates_from_its_creation_else_its_completion()
    {
        var created = RunflowWebhook.Parse("""{"run_id":"a","status":"queued","created_at":"2026-01-01T00:00:00Z","completed_at":"2026-01-02T00:00:00Z"}"""u8);
        var completed = RunflowWebhook.Parse("""{"run_id":"a","status":"queued","completed_at":"2026-01-02T00:00:00Z"}"""u8);

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), created.Job.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), completed.Job.CreatedAt);
    }
}
