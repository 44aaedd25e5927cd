using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using DiscussionBot.Core.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Telegram.Bot.Exceptions;

namespace DiscussionBot.Telegram;

/// <summary>What a failed Bot API call means for the bot.</summary>
public enum BotApiFailure
{
    /// <summary>Network trouble (DNS, connection refused or reset), a timeout, a 5xx or a 409 conflict: try again later.</summary>
    Transient,

    /// <summary>429 Too Many Requests: wait the retry_after Telegram gave.</summary>
    RateLimited,

    /// <summary>401: Telegram refuses the token. Retrying cannot help.</summary>
    Unauthorized,

    /// <summary>404: the address is not a Bot API server (or the method does not exist there).</summary>
    NotFound,

    /// <summary>Any other answer (400, 403, …): this request will not succeed as it is.</summary>
    Rejected,
}

/// <summary>Telegram cannot be used as configured: <see cref="Setting"/> is what the operator must fix.</summary>
public sealed class TelegramFatalException(string setting, int exitCode, string message, Exception inner) : Exception(message, inner)
{
    public string Setting { get; } = setting;

    public int ExitCode { get; } = exitCode;
}

/// <summary>
/// Every Bot API call goes through one of three doors, so a Telegram outage is retried the same way everywhere:
/// <list type="bullet">
/// <item><see cref="RequiredAsync{T}"/>: calls the bot cannot do without (getMe, getUpdates, setWebhook) are retried
/// until they succeed, with capped exponential backoff and jitter (Polly); only a refused token or a wrong address
/// (401, 404) ends in a <see cref="TelegramFatalException"/>.</item>
/// <item><see cref="BoundedAsync{T}"/>: calls one update needs (getChatAdministrators) get a few retries with backoff.</item>
/// <item><see cref="OptionalAsync"/>: courtesies (setMyCommands, deleteWebhook, sendChatAction, answerCallbackQuery,
/// setMessageReaction): a failure is logged once per method and the bot goes on.</item>
/// </list>
/// A 429 with retry_after waits as told in all three. Sends are paced and retried by <see cref="SendScheduler"/>.
/// </summary>
public sealed partial class BotApiCalls
{
    public const string Platform = TelegramMessenger.PlatformName;

    /// <summary>Tries of a bounded call (the first one included).</summary>
    public const int BoundedAttempts = 5;

    /// <summary>How often an optional call waits out a 429 before it is given up.</summary>
    public const int OptionalRateLimitRetries = 3;

    private static readonly ResiliencePropertyKey<string> MethodKey = new("telegram.method");

    private readonly TimeProvider _time;
    private readonly PlatformHealth _health;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TelegramOptions _options;
    private readonly ILogger<BotApiCalls> _logger;
    private readonly ResiliencePipeline _required;
    private readonly ResiliencePipeline _bounded;
    private readonly ResiliencePipeline _optional;
    private readonly ConcurrentDictionary<string, bool> _optionalFailed = new(StringComparer.Ordinal);
    private int _stopped;

    public BotApiCalls(TimeProvider time, PlatformHealth health, IHostApplicationLifetime lifetime, IOptions<TelegramOptions> options, ILogger<BotApiCalls> logger)
    {
        _time = time;
        _health = health;
        _lifetime = lifetime;
        _options = options.Value;
        _logger = logger;
        var maxDelay = TimeSpan.FromSeconds(_options.RetryMaxDelaySeconds);
        _required = Backoff(time, maxDelay, int.MaxValue, OnRequiredRetry,
            ex => Classify(ex) is not (BotApiFailure.Unauthorized or BotApiFailure.NotFound));
        _bounded = Backoff(time, maxDelay, BoundedAttempts - 1, OnBoundedRetry,
            ex => Classify(ex) is BotApiFailure.Transient or BotApiFailure.RateLimited);
        _optional = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && Classify(ex) == BotApiFailure.RateLimited),
                MaxRetryAttempts = OptionalRateLimitRetries,
                Delay = TimeSpan.FromSeconds(1),
                DelayGenerator = RetryAfter,
                OnRetry = args => OnBoundedRetry(args),
            })
            .Build();
    }

    /// <summary>Calls the bot cannot run without: retried until they succeed. While they fail, Telegram shows as
    /// reconnecting on the health board. Throws <see cref="TelegramFatalException"/> on 401 or 404.</summary>
    public async Task<T> RequiredAsync<T>(string method, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(MethodKey, method);
        var retried = false;
        context.Properties.Set(RetriedKey, false);
        try
        {
            var result = await _required.ExecuteAsync(static async (ctx, state) => await state(ctx.CancellationToken), context, call);
            retried = context.Properties.GetValue(RetriedKey, false);
            return result;
        }
        catch (Exception ex) when (!IsCancellation(ex, ct))
        {
            Record(ex);
            throw Fatal(method, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            if (retried)
            {
                BotMetrics.GatewayReconnect(Platform);
                LogReachableAgain(method);
            }
        }
    }

    /// <summary>Calls one update needs: a few tries with backoff (and 429s waited out); then the exception goes to the
    /// caller.</summary>
    public async Task<T> BoundedAsync<T>(string method, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(MethodKey, method);
        try
        {
            return await _bounded.ExecuteAsync(static async (ctx, state) => await state(ctx.CancellationToken), context, call);
        }
        catch (Exception ex) when (!IsCancellation(ex, ct))
        {
            Record(ex);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>A courtesy the bot can go without. Returns whether it succeeded; the first failure of each method is
    /// logged as a warning, later ones only at debug level.</summary>
    public async Task<bool> OptionalAsync(string method, Func<CancellationToken, Task> call, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(MethodKey, method);
        try
        {
            await _optional.ExecuteAsync(static async (ctx, state) => await state(ctx.CancellationToken), context, call);
            return true;
        }
        catch (Exception ex) when (!IsCancellation(ex, ct))
        {
            Record(ex);
            if (_optionalFailed.TryAdd(method, true))
            {
                LogOptionalFailed(method, Describe(ex));
            }
            else
            {
                LogOptionalFailedAgain(method, Describe(ex));
            }
            return false;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Telegram cannot be used as configured: one critical line naming the setting, the health board says
    /// failed, the exit code is set, and the host stops (once, however many services hit it).</summary>
    public void StopForGood(TelegramFatalException fatal)
    {
        _health.Report(Platform, PlatformState.Failed, fatal.Message);
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        LogFatal(fatal.Message);
        Environment.ExitCode = fatal.ExitCode;
        _lifetime.StopApplication();
    }

    /// <summary>Telegram's service failed for a reason that is not the configuration's: it stays failed on the health
    /// board and the other platforms go on.</summary>
    public void ReportCrashed(Exception exception)
    {
        _health.Report(Platform, PlatformState.Failed, "stopped after an unexpected error: " + exception.Message);
        LogCrashed(exception);
    }

    public static BotApiFailure Classify(Exception exception) => exception switch
    {
        ApiRequestException api => FromStatus(api.ErrorCode),
        RequestException { HttpStatusCode: { } status } => FromStatus((int)status),
        // Telegram.Bot wraps DNS failures, refused or reset connections and timeouts without a status.
        RequestException => BotApiFailure.Transient,
        HttpRequestException or IOException or TimeoutException or TaskCanceledException => BotApiFailure.Transient,
        _ => BotApiFailure.Rejected,
    };

    /// <summary>The status label for <see cref="BotMetrics.PlatformApiError"/>: the HTTP status, or timeout / network.</summary>
    public static string StatusOf(Exception exception) => exception switch
    {
        ApiRequestException api => api.ErrorCode.ToString(CultureInfo.InvariantCulture),
        _ when IsUnreadableSuccess(exception) => "bad_response",
        RequestException { HttpStatusCode: HttpStatusCode.RequestTimeout } => "timeout",
        RequestException { HttpStatusCode: { } status } => ((int)status).ToString(CultureInfo.InvariantCulture),
        RequestException { InnerException: TaskCanceledException or TimeoutException } or TaskCanceledException or TimeoutException => "timeout",
        RequestException or HttpRequestException or IOException => "network",
        _ => "error",
    };

    /// <summary>The server answered 2xx (so the call was carried out) but Telegram.Bot could not read its answer: a Bot API
    /// emulator or proxy that departs from the documented types. Nothing is to be repeated.</summary>
    public static bool IsUnreadableSuccess(Exception exception) =>
        exception is RequestException { HttpStatusCode: { } status } and not ApiRequestException && (int)status is >= 200 and < 300;

    private static readonly ResiliencePropertyKey<bool> RetriedKey = new("telegram.retried");

    private static BotApiFailure FromStatus(int status) => status switch
    {
        401 => BotApiFailure.Unauthorized,
        404 => BotApiFailure.NotFound,
        429 => BotApiFailure.RateLimited,
        408 or 409 or >= 500 => BotApiFailure.Transient,
        _ => BotApiFailure.Rejected,
    };

    /// <summary>Retries with capped exponential backoff and jitter (or the wait a 429 names) while <paramref name="retry"/>
    /// says the failure may pass, never after the caller's own cancellation.</summary>
    private static ResiliencePipeline Backoff(TimeProvider time, TimeSpan maxDelay, int retries,
        Func<OnRetryArguments<object>, ValueTask> onRetry, Func<Exception, bool> retry) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && retry(ex) && !IsCancellation(ex, args.Context.CancellationToken)),
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = maxDelay,
                DelayGenerator = RetryAfter,
                OnRetry = onRetry,
            })
            .Build();

    private static bool IsCancellation(Exception exception, CancellationToken ct) => exception is OperationCanceledException && ct.IsCancellationRequested;

    private static ValueTask<TimeSpan?> RetryAfter(RetryDelayGeneratorArguments<object> args) =>
        ValueTask.FromResult<TimeSpan?>(args.Outcome.Exception is ApiRequestException { ErrorCode: 429 } limited
            ? TimeSpan.FromSeconds(Math.Max(1, limited.Parameters?.RetryAfter ?? 1))
            : null);

    private ValueTask OnRequiredRetry(OnRetryArguments<object> args)
    {
        var method = args.Context.Properties.GetValue(MethodKey, "?");
        args.Context.Properties.Set(RetriedKey, true);
        var exception = args.Outcome.Exception!;
        Record(exception);
        var detail = string.Create(CultureInfo.InvariantCulture, $"{method} failed ({Describe(exception)}); retrying in {args.RetryDelay.TotalSeconds:0.#} s");
        _health.Report(Platform, PlatformState.Reconnecting, detail);
        LogRetrying(method, Describe(exception), args.RetryDelay.TotalSeconds, args.AttemptNumber + 1);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnBoundedRetry(OnRetryArguments<object> args)
    {
        var exception = args.Outcome.Exception!;
        Record(exception);
        LogBoundedRetry(args.Context.Properties.GetValue(MethodKey, "?"), Describe(exception), args.RetryDelay.TotalSeconds, args.AttemptNumber + 1);
        return ValueTask.CompletedTask;
    }

    private static void Record(Exception exception) => BotMetrics.PlatformApiError(Platform, StatusOf(exception));

    private static string Describe(Exception exception) => exception switch
    {
        ApiRequestException api => $"{api.ErrorCode} {api.Message}",
        RequestException { HttpStatusCode: { } status } request => $"{(int)status} {request.Message}",
        // Telegram.Bot's "Bot API Service Failure: …" wraps what happened; the inner message says it plainly.
        RequestException { InnerException: HttpRequestException or IOException or TimeoutException or TaskCanceledException } request =>
            request.InnerException is HttpRequestException or IOException ? request.InnerException.Message : "timed out",
        _ => exception.Message,
    };

    private TelegramFatalException Fatal(string method, Exception exception)
    {
        var customServer = !string.IsNullOrWhiteSpace(_options.ApiBaseUrl);
        return Classify(exception) switch
        {
            BotApiFailure.Unauthorized => new TelegramFatalException("Telegram:BotToken", BotExitCodes.PlatformRefused,
                $"Telegram refused the bot token (401 Unauthorized on {method}): check Telegram:BotToken, it was revoked or mistyped (@BotFather shows the current one). The bot stops", exception),
            BotApiFailure.NotFound when customServer => new TelegramFatalException("Telegram:ApiBaseUrl", BotExitCodes.Configuration,
                $"{_options.ApiBaseUrl} answered 404 Not Found for {method}: it is not a Bot API server, most likely Telegram:ApiBaseUrl is wrong. The bot stops", exception),
            BotApiFailure.NotFound => new TelegramFatalException("Telegram:BotToken", BotExitCodes.PlatformRefused,
                $"Telegram answered 404 Not Found for {method}: it knows no bot token of this form, check Telegram:BotToken. The bot stops", exception),
            _ => new TelegramFatalException("Telegram", BotExitCodes.PlatformRefused, $"Telegram's {method} failed: {Describe(exception)}", exception),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram {Method} failed ({Reason}); retrying in {Seconds:0.#} s (attempt {Attempt})")]
    private partial void LogRetrying(string method, string reason, double seconds, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram is reachable again ({Method} succeeded)")]
    private partial void LogReachableAgain(string method);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} failed ({Reason}); trying again in {Seconds:0.#} s (attempt {Attempt})")]
    private partial void LogBoundedRetry(string method, string reason, double seconds, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram's optional {Method} failed ({Reason}); the bot goes on without it (later failures of {Method} are logged at debug level)")]
    private partial void LogOptionalFailed(string method, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram's optional {Method} failed again ({Reason})")]
    private partial void LogOptionalFailedAgain(string method, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason}")]
    private partial void LogFatal(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Telegram service stopped after an unexpected error; the other platforms go on")]
    private partial void LogCrashed(Exception exception);
}
