// Ideogram.Sdk in a Native AOT binary: dependency injection, configuration binding, a job token round trip and a
// download, with no reflection. Publish it (any trim or AOT warning fails the publish) and point it at a provider:
//
//   dotnet publish samples/AotConsole -c Release -o out/aot
//   dotnet run --project src/Ideogram.Sdk.Emulator -- --port-base 5100 &        (or a real provider and key)
//   out/aot/AotConsole --Ideogram:Provider Runware --Ideogram:ApiKey any-key \
//       --Ideogram:BaseAddress http://127.0.0.1:5103/ --Ideogram:AllowPrivateNetworkInputs true --Sample:Out out
//
// Settings come from the command line or from IDEOGRAM_SAMPLE_-prefixed environment variables
// (IDEOGRAM_SAMPLE_Ideogram__ApiKey=...). It prints the saved file's path.
using Ideogram.Sdk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables("IDEOGRAM_SAMPLE_")
    .AddCommandLine(args)
    .Build();
var sample = configuration.GetSection("Sample").Get<SampleOptions>() ?? new SampleOptions();

var services = new ServiceCollection();
services.AddIdeogram(configuration.GetSection("Ideogram"));
await using var provider = services.BuildServiceProvider();
var ideogram = provider.GetRequiredService<IIdeogramClient>();

try
{
    // Submit, keep only the token (as a queue message or a database row would), and collect the job from the token.
    var submitted = await ideogram.SubmitAsync(new GenerateRequest(sample.Prompt) { AspectRatio = AspectRatio.Ratio16x9 });
    var token = submitted.ToToken();
    var job = ImageJob.Parse(token);
    var result = await ideogram.WaitAsync(job);

    Directory.CreateDirectory(sample.Out);
    var path = Path.GetFullPath(Path.Combine(sample.Out, $"aot-{job.Id}.png"));
    await using (var file = File.Create(path))
    {
        await ideogram.DownloadAsync(result.Images[0], file);
    }

    Console.WriteLine(path);
    return 0;
}
catch (Exception e) when (e is IdeogramException or ArgumentException or IOException)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 1;
}

/// <summary>The sample's own settings (section <c>Sample</c>), bound by the source-generated binder.</summary>
internal sealed class SampleOptions
{
    public string Prompt { get; set; } = "A poster that says 'NATIVE'";

    public string Out { get; set; } = "out";
}
