using System.Net;
using System.Text;
using Ideogram.Sdk.Tests.Core;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Mutation;

/// <summary>
/// The edges of what the SDK fetches and reads: argument checks, expiry exactly at its instant, each way a download
/// fails and what it says, limits exactly at their size (downloads and provider answers, with and without a length),
/// files overwritten in place, and the messages that name a URL input that could not be used.
/// </summary>
public sealed class DownloadEdgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static (IdeogramClient Client, FunctionHandler Handler) Client(Func<RecordedRequest, int, HttpResponseMessage> respond, Action<IdeogramClientOptions>? configure = null) =>
        FunctionHandler.NewClient(IdeogramProvider.Ideogram, CoreKit.Key, respond, o =>
        {
            o.TimeProvider = new FakeTimeProvider(Now);
            configure?.Invoke(o);
        });

    private static GeneratedImage Image(DateTimeOffset? expires = null) => new() { Url = new Uri("https://ideogram.ai/api/images/ephemeral/a.png"), ExpiresAt = expires };

    /// <summary>An answer whose body is sent without a length (chunked), so only reading it tells its size.</summary>
    private static HttpResponseMessage Chunked(byte[] body, string contentType) =>
        new(HttpStatusCode.OK) { Content = new UnsizedContent(body, contentType) };

    [Fact]
    public async Task Null_and_blank_arguments_are_refused_by_name()
    {
        var (client, handler) = Client((_, _) => throw new InvalidOperationException("nothing is sent"));
        using var _ = client;

        Assert.Equal("image", (await Assert.ThrowsAsync<ArgumentNullException>(() => client.DownloadAsync(null!, Stream.Null))).ParamName);
        Assert.Equal("destination", (await Assert.ThrowsAsync<ArgumentNullException>(() => client.DownloadAsync(Image(), (Stream)null!))).ParamName);
        Assert.Equal("path", (await Assert.ThrowsAsync<ArgumentException>(() => client.DownloadAsync(Image(), " "))).ParamName);
        Assert.Equal("image", (await Assert.ThrowsAsync<ArgumentNullException>(() => client.DownloadAsync(null!, Path.Combine(Path.GetTempPath(), "x.png")))).ParamName);
        Assert.Empty(handler.Requests);
        Assert.Throws<ArgumentException>(() => new ApiKey(" "));
        Assert.Throws<ArgumentNullException>(() => new ApiKey(null!));
    }

    [Fact]
    public async Task Null_arguments_are_refused_by_name_while_telemetry_listens_too()
    {
        using var capture = new TelemetryCapture();
        var (client, handler) = Client((_, _) => throw new InvalidOperationException("nothing is sent"));
        using var _ = client;

        Assert.Equal("destination", (await Assert.ThrowsAsync<ArgumentNullException>(() => client.DownloadAsync(Image(), (Stream)null!))).ParamName);
        Assert.Equal("path", (await Assert.ThrowsAsync<ArgumentNullException>(() => client.DownloadAsync(Image(), (string)null!))).ParamName);
        Assert.Equal("image", (await Assert.ThrowsAsync<ArgumentNullException>(() => client.DownloadAsync(null!, Stream.Null))).ParamName);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task An_unsafe_image_or_one_with_nothing_to_fetch_says_so_without_a_request()
    {
        var (client, handler) = Client((_, _) => throw new InvalidOperationException("nothing is sent"));
        using var _ = client;

        var unsafeImage = await Assert.ThrowsAsync<IdeogramContentPolicyException>(() => client.DownloadAsync(new GeneratedImage { IsSafe = false }, Stream.Null));
        var nothing = await Assert.ThrowsAsync<InvalidOperationException>(() => client.DownloadAsync(new GeneratedImage(), Stream.Null));

        Assert.Equal("Ideogram withheld this image after its safety check; there is nothing to download.", unsafeImage.Message);
        Assert.Equal("The image has neither a URL nor data.", nothing.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_link_expires_at_its_instant_not_a_moment_later()
    {
        var (client, handler) = Client((_, _) => FunctionHandler.Raw(HttpStatusCode.OK, CoreKit.Png(), "image/png"));
        using var _ = client;

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(Image(Now), Stream.Null));
        var written = await client.DownloadAsync(Image(Now.AddTicks(1)), Stream.Null);

        Assert.True(e.IsExpired);
        Assert.Equal("The Ideogram image link expired at 2026-11-01 12:00:00Z; links must be downloaded before they expire.", e.Message);
        Assert.Equal(SubmissionState.NotSent, e.Submission);
        Assert.Equal(CoreKit.Png().Length, written);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(403, true, "The Ideogram image link no longer works (HTTP 403); it has probably expired.")]
    [InlineData(404, true, "The Ideogram image link no longer works (HTTP 404); it has probably expired.")]
    [InlineData(410, true, "The Ideogram image link no longer works (HTTP 410); it has probably expired.")]
    [InlineData(500, false, "Downloading the Ideogram image failed with HTTP 500.")]
    [InlineData(400, false, "Downloading the Ideogram image failed with HTTP 400.")]
    public async Task An_error_status_says_whether_the_link_has_expired(int status, bool expired, string message)
    {
        var (client, _) = Client((_, _) => FunctionHandler.Raw((HttpStatusCode)status, [], null));
        using var _c = client;

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(Image(), Stream.Null));

        Assert.Equal(message, e.Message);
        Assert.Equal(expired, e.IsExpired);
        Assert.Equal((HttpStatusCode)status, e.StatusCode);
        Assert.Equal(IdeogramProvider.Ideogram, e.Provider);
        Assert.Equal(SubmissionState.NotSent, e.Submission);
        Assert.Equal(status == 500, e.IsRetryable);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_download_of_exactly_the_limit_fits_and_one_byte_more_does_not(bool chunked)
    {
        var fits = CoreKit.Png(1000);
        var over = CoreKit.Png(1001);
        HttpResponseMessage Answer(byte[] body) => chunked ? Chunked(body, "image/png") : FunctionHandler.Raw(HttpStatusCode.OK, body, "image/png");
        var (client, _) = Client((r, _) => Answer(r.Uri.AbsolutePath.EndsWith("over.png", StringComparison.Ordinal) ? over : fits), o => o.MaxDownloadBytes = 1000);
        using var _c = client;

        var written = await client.DownloadAsync(Image(), Stream.Null);
        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(new GeneratedImage { Url = new Uri("https://ideogram.ai/over.png") }, Stream.Null));

        Assert.Equal(1000, written);
        Assert.Equal(
            chunked
                ? "The image is more than 1000 bytes, over the download limit of 1000 bytes (IdeogramClientOptions.MaxDownloadBytes)."
                : "The image is 1001 bytes, over the download limit of 1000 bytes (IdeogramClientOptions.MaxDownloadBytes).",
            e.Message);
        Assert.False(e.IsExpired);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_provider_answer_of_exactly_the_limit_is_read_and_one_byte_more_is_refused(bool chunked)
    {
        var json = Encoding.UTF8.GetBytes(CoreKit.GenerateJson);
        var limit = json.Length;
        var padded = Encoding.UTF8.GetBytes(CoreKit.GenerateJson + " ");
        var calls = 0;
        var (client, _) = Client((_, _) =>
        {
            var body = calls++ == 0 ? json : padded;
            return chunked ? Chunked(body, "application/json") : FunctionHandler.Raw(HttpStatusCode.OK, body, "application/json");
        }, o => o.MaxResponseBytes = limit);
        using var _c = client;

        var result = await client.GenerateAsync(new GenerateRequest("a fox"));
        var e = await Assert.ThrowsAsync<IdeogramException>(() => client.GenerateAsync(new GenerateRequest("a fox")));

        Assert.Single(result.Images);
        Assert.Equal(typeof(IdeogramException), e.GetType());
        Assert.Equal(
            chunked
                ? $"The provider's answer is more than {limit} bytes, over the limit (IdeogramClientOptions.MaxResponseBytes)."
                : $"The provider's answer is {limit + 1} bytes, over the limit of {limit} bytes (IdeogramClientOptions.MaxResponseBytes).",
            e.Message);
        Assert.Equal(SubmissionState.Accepted, e.Submission);
    }

    [Fact]
    public async Task A_download_to_a_file_replaces_what_was_there_and_leaves_nothing_else()
    {
        var png = CoreKit.Png(300);
        var (client, _) = Client((_, _) => FunctionHandler.Raw(HttpStatusCode.OK, png, "image/png"));
        using var _c = client;
        var directory = Directory.CreateTempSubdirectory("ideogram-overwrite-");
        try
        {
            var path = Path.Combine(directory.FullName, "a.png");
            await File.WriteAllTextAsync(path, "an older, longer file that must be replaced entirely");

            var written = await client.DownloadAsync(Image(), path);

            Assert.Equal(png.Length, written);
            Assert.Equal(png, await File.ReadAllBytesAsync(path));
            Assert.Equal(["a.png"], directory.GetFiles().Select(f => f.Name));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_file_being_downloaded_is_written_beside_its_target_under_a_part_name()
    {
        var names = new List<string>();
        var directory = Directory.CreateTempSubdirectory("ideogram-part-");
        var (client, _) = Client((_, _) =>
        {
            names.AddRange(directory.GetFiles().Select(f => f.Name));
            return FunctionHandler.Raw(HttpStatusCode.OK, CoreKit.Png(), "image/png");
        });
        using var _c = client;
        try
        {
            await client.DownloadAsync(Image(), Path.Combine(directory.FullName, "b.png"));

            var part = Assert.Single(names);
            Assert.Matches("^b\\.png\\.part-[0-9a-f]{8}$", part);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_network_failure_of_a_download_names_the_host()
    {
        var (client, _) = Client((_, _) => throw new HttpRequestException("connection reset by peer"));
        using var _c = client;

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(Image(), Stream.Null));

        Assert.Equal("Could not download the Ideogram image from ideogram.ai: connection reset by peer.", e.Message);
        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.True(e.IsRetryable);
    }

    [Fact]
    public async Task A_body_that_breaks_off_is_a_network_failure_of_the_download()
    {
        var (client, _) = Client((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(CoreKit.Png(100))) });
        using var _c = client;

        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => client.DownloadAsync(Image(), Stream.Null));

        Assert.StartsWith("Could not download the Ideogram image from ideogram.ai: the connection broke", e.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(e.InnerException);
    }

    [Fact]
    public async Task Headers_that_never_come_fail_after_the_attempt_timeout_saying_nothing_arrived()
    {
        var time = new FakeTimeProvider(Now);
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new IdeogramClientOptions { ApiKey = CoreKit.Key, MaxRetries = 0, TimeProvider = time, AttemptTimeout = TimeSpan.FromSeconds(10), TotalTimeout = TimeSpan.FromHours(1) };
        using var client = new IdeogramClient(options, new Hanging(sent));

        var download = client.DownloadAsync(Image(), Stream.Null);
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(10));
        var e = await Assert.ThrowsAsync<IdeogramDownloadException>(() => download.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("Could not download the Ideogram image from ideogram.ai: no data arrived for 00:00:10 (IdeogramClientOptions.AttemptTimeout).", e.Message);
    }

    [Fact]
    public async Task A_caller_cancelling_a_download_gets_a_cancellation_not_a_download_error()
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new IdeogramClientOptions { ApiKey = CoreKit.Key, MaxRetries = 0, TimeProvider = new FakeTimeProvider(Now) };
        using var client = new IdeogramClient(options, new Hanging(sent));
        using var cancel = new CancellationTokenSource();

        var download = client.DownloadAsync(Image(), Stream.Null, cancel.Token);
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.IsNotType<IdeogramDownloadException>(e);
    }

    [Theory]
    [InlineData("data:image/png,iVBORw0KGgo=")]
    [InlineData("image/png;base64,iVBORw0KGgo=")]
    [InlineData("data:image/png;base64")]
    [InlineData("data:image/png;base64;,iVBORw0KGgo=")]
    public void Only_base64_data_uris_are_decoded(string uri) =>
        Assert.Throws<FormatException>(() => Downloader.DecodeDataUri(uri));

    [Fact]
    public async Task A_data_uri_result_is_written_without_a_request()
    {
        var png = CoreKit.Png(40);
        var (client, handler) = Client((_, _) => throw new InvalidOperationException("nothing is sent"));
        using var _c = client;
        using var sink = new MemoryStream();

        var written = await client.DownloadAsync(new GeneratedImage { Url = new Uri("DATA:image/png;BASE64," + Convert.ToBase64String(png)) }, sink);

        Assert.Equal(png.Length, written);
        Assert.Equal(png, sink.ToArray());
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_url_input_that_cannot_be_used_is_refused_naming_why()
    {
        var png = CoreKit.Png(500);
        var (client, handler) = Client((r, _) => r.Uri.AbsolutePath switch
        {
            "/missing.png" => FunctionHandler.Raw(HttpStatusCode.NotFound, [], null),
            "/huge.png" => FunctionHandler.Raw(HttpStatusCode.OK, new byte[(10 * 1024 * 1024) + 1], "image/png"),
            "/text.png" => FunctionHandler.Raw(HttpStatusCode.OK, "hello"u8.ToArray(), "text/plain"),
            "/" => FunctionHandler.Raw(HttpStatusCode.OK, png, "image/png"),
            "/photo.png" => FunctionHandler.Raw(HttpStatusCode.OK, png, "image/png"),
            _ => FunctionHandler.Raw(HttpStatusCode.OK, CoreKit.GenerateJson.Select(c => (byte)c).ToArray(), "application/json"),
        }, o => o.AllowPrivateNetworkInputs = false);
        using var _c = client;
        Task<ImageResult> Remix(string url) => client.RemixAsync(new RemixRequest(ImageInput.FromUrl(url), "a fox"));

        var refused = await Assert.ThrowsAsync<IdeogramValidationException>(() => Remix("http://10.0.0.5/a.png"));
        var missing = await Assert.ThrowsAsync<IdeogramValidationException>(() => Remix("https://images.example.com/missing.png"));
        var huge = await Assert.ThrowsAsync<IdeogramValidationException>(() => Remix("https://images.example.com/huge.png"));
        var text = await Assert.ThrowsAsync<IdeogramValidationException>(() => Remix("https://images.example.com/text.png"));

        Assert.Contains("which the SDK fetches only from addresses the client allows", refused.Message, StringComparison.Ordinal);
        Assert.Contains("could not be fetched from its URL (HTTP 404); Ideogram needs the image's bytes", missing.Message, StringComparison.Ordinal);
        Assert.Contains("a reachable image URL, or bytes", missing.Message, StringComparison.Ordinal);
        Assert.Contains("at its URL, over the limit", huge.Message, StringComparison.Ordinal);
        Assert.Contains("at most 10485760 bytes per image", huge.Message, StringComparison.Ordinal);
        Assert.Contains("is not a JPEG, PNG or WebP image", text.Message, StringComparison.Ordinal);
        Assert.Contains("JPEG, PNG or WebP", text.Message, StringComparison.Ordinal);

        await Remix("https://images.example.com/photo.png");
        await Remix("https://images.example.com/");
        var uploads = handler.Requests.Where(r => r.Method == HttpMethod.Post).Select(r => Encoding.Latin1.GetString(r.Body!)).ToList();
        Assert.Contains("filename=\"photo.png\"", uploads[0], StringComparison.Ordinal);
        Assert.Contains("filename=\"image.png\"", uploads[1], StringComparison.Ordinal);
    }

    /// <summary>Content that does not know its length, so the client reads it chunk by chunk.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] _body;

        public UnsizedContent(byte[] body, string contentType)
        {
            _body = body;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>Gives its bytes, then fails as a connection reset mid-body does.</summary>
    private sealed class BreakingStream(byte[] first) : MemoryStream(first)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            return read > 0 ? read : throw new IOException("the connection broke");
        }
    }

    /// <summary>A transport that never answers: it waits for its request to be cancelled.</summary>
    private sealed class Hanging(TaskCompletionSource sent) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
