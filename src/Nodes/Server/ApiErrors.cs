using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PluginHost.Actors.Hosting;

namespace PluginHost.Nodes.Server;

/// <summary>Turns an exception of an API request into a JSON <see cref="ApiError"/> and one log line, never a stack trace:
/// a run whose journal this version cannot read (a <see cref="StoreException"/>) and anything unexpected are 500 with the reason.</summary>
public static class ApiErrors
{
    /// <summary>Adds the handler in front of the endpoints; <paramref name="log"/> gets one line per failed request.</summary>
    public static void Use(WebApplication app, Action<string> log)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away: nothing to answer.
            }
            catch (Exception e)
            {
                var request = $"{context.Request.Method} {context.Request.Path}";
                var message = e is StoreException ? e.Message : $"{e.GetType().Name}: {e.Message.TrimEnd('.')}";
                log($"{request} failed: {message}");
                if (context.Response.HasStarted) return;
                context.Response.Clear();
                await Results.Json(new ApiError(message), NodeApi.JsonOptions, statusCode: StatusCodes.Status500InternalServerError)
                    .ExecuteAsync(context);
            }
        });
    }
}
