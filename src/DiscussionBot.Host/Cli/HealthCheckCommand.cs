using Microsoft.Extensions.Configuration;

namespace DiscussionBot.Host.Cli;

/// <summary><c>discussionbot healthcheck [--ready]</c>: asks the running bot's web endpoint (<c>Web:Urls</c>, as the bot
/// reads it) for <c>/healthz</c> (or <c>/readyz</c>) and exits 0 when it answers 200, else 1. For container
/// HEALTHCHECKs and scripts on an image that has no curl or wget.</summary>
public static class HealthCheckCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration, bool ready, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var urls = configuration["Web:Urls"] ?? new Web.WebOptions().Urls;
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            await error.WriteLineAsync("The web endpoint is off (Web:Urls is empty): nothing to check.");
            return 1;
        }
        var target = new Uri(new Uri(Local(first)), ready ? "/readyz" : "/healthz");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(target, ct);
            await output.WriteLineAsync($"{target} answered {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"{target}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>A listen address as an address to call: any-address hosts (0.0.0.0, [::], *, +) become loopback.</summary>
    internal static string Local(string listenUrl)
    {
        var replaced = System.Text.RegularExpressions.Regex.Replace(listenUrl, @"^(?<scheme>https?://)(0\.0\.0\.0|\[::\]|\*|\+)", "${scheme}127.0.0.1");
        return replaced;
    }
}
