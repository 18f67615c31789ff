using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using RetailCommerce.Customers;
using RetailCommerce.Hosting;
using RetailCommerce.Persistence;
using RetailCommerce.Security;
using RetailCommerce.Tracking;

namespace RetailCommerce.Storefront;

/// <summary>
/// The storefront theme in two calls, like the admin UI: <see cref="AddRetailStorefront"/> on the builder and
/// <see cref="UseRetailStorefront"/> on the app. Serves <c>themes/Storefront</c> at <c>/store/</c>,
/// <c>/store/config.json</c> (which store and storefront key the page uses) and, for the demo store only,
/// <c>POST /store/demo-sign-in</c>. Everything else the page does goes through the public GraphQL API.
/// </summary>
public static class StorefrontUi
{
    /// <summary>Where the shop is served.</summary>
    public const string BasePath = "/store";

    private const string ResourcePrefix = "Storefront/";

    /// <summary>Registers the storefront settings (<c>Retail:Storefront</c>).</summary>
    public static WebApplicationBuilder AddRetailStorefront(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<StorefrontOptions>(builder.Configuration.GetSection(StorefrontOptions.Section));
        builder.Services.PostConfigure<StorefrontOptions>(o =>
        {
            var bootstrap = builder.Configuration.GetSection(RetailOptions.Section).Get<RetailOptions>()?.Bootstrap ?? new BootstrapOptions();
            var isDemo = o.Store == Bootstrap.DemoStoreId;
            // Only the demo store's key is known in configuration (the database keeps hashes).
            o.Key ??= isDemo ? bootstrap.StorefrontKey : null;
            o.DemoSignIn ??= isDemo;
        });
        return builder;
    }

    /// <summary>Maps <c>/store/</c> (the theme), <c>/store/config.json</c> and, when enabled, <c>/store/demo-sign-in</c>.</summary>
    public static WebApplication UseRetailStorefront(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<StorefrontOptions>>().Value;
        if (!options.Enabled) return app;

        var files = options.Root is { Length: > 0 } root
            ? new ThemeFiles(new PhysicalFileProvider(Path.GetFullPath(root)))
            : ThemeFiles.Embedded();

        // Routing ignores a trailing slash, so "/store" and "/store/" both land here: only the first is redirected
        // (relative links in the page resolve against "/store/").
        app.MapGet(BasePath, (HttpContext http) =>
        {
            if (http.Request.Path.Value!.EndsWith('/')) return files.Serve(http, "index.html");
            http.Response.Redirect(BasePath + "/");
            return Task.CompletedTask;
        }).AllowAnonymous();
        app.MapGet(BasePath + "/config.json", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(new
            {
                store = options.Store,
                storefrontKey = options.Key,
                graphql = "/graphql",
                chatStream = "/assistant/chat/stream",
                demoSignIn = options.DemoSignIn == true ? BasePath + "/demo-sign-in" : null,
            });
        }).AllowAnonymous();
        if (options.DemoSignIn == true) app.MapPost(BasePath + "/demo-sign-in", DemoSignInAsync).AllowAnonymous();
        app.MapGet(BasePath + "/{**path}", (HttpContext http, string? path) => files.Serve(http, string.IsNullOrEmpty(path) ? "index.html" : path))
            .AllowAnonymous();
        return app;
    }

    /// <summary>What the demo sign-in answers.</summary>
    /// <param name="Token">The customer token, sent as <c>X-Customer-Token</c>.</param>
    /// <param name="ExpiresAt">When it expires.</param>
    /// <param name="CustomerId">The demo customer signed in.</param>
    public sealed record DemoSignIn(string Token, DateTimeOffset ExpiresAt, string CustomerId);

    /// <summary>The body of a demo sign-in: a customer of the store, or none for a demo shopper with history.</summary>
    public sealed record DemoSignInRequest(string? CustomerId);

    // DEMO ONLY. A real shop signs shoppers in with its own accounts and its backend calls issueCustomerToken
    // with the merchant's admin token. This endpoint has no password on purpose and is off for any store but
    // the demo store unless Retail:Storefront:DemoSignIn says otherwise.
    private static async Task<IResult> DemoSignInAsync(HttpContext http, IOptions<StorefrontOptions> settings,
        CustomerDirectory customers, StoreSessions sessions, CustomerTokens tokens)
    {
        var options = settings.Value;
        DemoSignInRequest? body = null;
        using (var reader = new StreamReader(http.Request.Body))
        {
            // Length-delimited or chunked: read what came (a sign-in body is tiny).
            var text = await reader.ReadToEndAsync(http.RequestAborted);
            if (!string.IsNullOrWhiteSpace(text))
            {
                try { body = JsonSerializer.Deserialize<DemoSignInRequest>(text, JsonSerializerOptions.Web); }
                catch (JsonException) { return Results.BadRequest(new { error = new { code = "BAD_USER_INPUT", message = "body: not JSON." } }); }
            }
        }
        var customerId = body?.CustomerId?.Trim();
        if (string.IsNullOrEmpty(customerId))
            customerId = await DemoShopperAsync(sessions, options.Store, http.RequestAborted);
        else if (await customers.FindAsync(options.Store, customerId, http.RequestAborted) is null)
            customerId = null;
        if (customerId is null)
            return Results.NotFound(new { error = new { code = "NOT_FOUND", message = "customerId: no such customer in the demo store." } });
        var (token, expiresAt) = tokens.Issue(options.Store, customerId, TimeSpan.FromMinutes(Math.Clamp(options.DemoSignInMinutes, 1, 24 * 60)));
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new DemoSignIn(token, expiresAt, customerId));
    }

    // A demo customer with some history, so personal rails have something to show: one of the ten customers
    // with the most orders, picked at random so several people trying the demo are not all the same person.
    private static async Task<string?> DemoShopperAsync(StoreSessions sessions, string store, CancellationToken ct)
    {
        await using var read = sessions.Read(store);
        var regulars = await read.Query<ShopperProfile>()
            .Where(p => !p.Id.StartsWith(ShopperStreams.SessionPrefix) && p.Orders > 0)
            .OrderByDescending(p => p.Orders).Take(10).Select(p => p.Id).ToListAsync(ct);
        var known = new List<string>();
        foreach (var id in regulars)
            if (await read.LoadAsync<Customer>(id, ct) is not null) known.Add(id);
        if (known.Count > 0) return known[RandomNumberGenerator.GetInt32(known.Count)];
        return (await read.Query<Customer>().OrderBy(c => c.Id).Take(1).ToListAsync(ct)).FirstOrDefault()?.Id;
    }

    /// <summary>The theme's files, from the assembly or a folder, with content types and ETags.</summary>
    private sealed class ThemeFiles
    {
        private static readonly FileExtensionContentTypeProvider Types = new();
        private readonly Func<string, (byte[] Bytes, string ETag)?> _read;
        private readonly Dictionary<string, (byte[] Bytes, string ETag)?> _cache = new(StringComparer.Ordinal);

        private readonly bool _cached;

        private ThemeFiles(Func<string, (byte[] Bytes, string ETag)?> read, bool cached)
        {
            _read = read;
            _cached = cached;
        }

        public ThemeFiles(IFileProvider folder) : this(path =>
        {
            var file = folder.GetFileInfo(path);
            if (!file.Exists || file.IsDirectory) return null;
            using var stream = file.CreateReadStream();
            return WithETag(ReadAll(stream));
        }, cached: false) { }

        public static ThemeFiles Embedded()
        {
            var assembly = typeof(StorefrontUi).Assembly;
            var names = assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                .ToDictionary(n => n[ResourcePrefix.Length..].Replace('\\', '/'), n => n, StringComparer.Ordinal);
            var files = new ThemeFiles(path =>
            {
                if (!names.TryGetValue(path, out var name)) return null;
                using var stream = assembly.GetManifestResourceStream(name)!;
                return WithETag(ReadAll(stream));
            }, cached: true);
            return files;
        }

        public async Task Serve(HttpContext http, string path)
        {
            // Paths are matched against a fixed list (embedded) or a file provider, which refuses to leave its root.
            if (path.Contains("..", StringComparison.Ordinal)) { http.Response.StatusCode = 404; return; }
            if (path.EndsWith('/')) path += "index.html";
            (byte[] Bytes, string ETag)? file;
            if (!_cached) file = _read(path);
            else
                lock (_cache)
                {
                    if (!_cache.TryGetValue(path, out file)) _cache[path] = file = _read(path);
                }
            if (file is null) { http.Response.StatusCode = 404; return; }
            var (bytes, etag) = file.Value;
            http.Response.Headers.ETag = etag;
            http.Response.Headers.CacheControl = "no-cache"; // revalidate: the ETag makes that a cheap 304
            http.Response.Headers.XContentTypeOptions = "nosniff";
            if (path.EndsWith(".html", StringComparison.Ordinal))
            {
                // The page talks to its own origin only; images may come from any https catalog CDN.
                http.Response.Headers.ContentSecurityPolicy =
                    "default-src 'self'; img-src 'self' https: data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'";
                http.Response.Headers["Referrer-Policy"] = "same-origin";
            }
            if (http.Request.Headers.IfNoneMatch == etag) { http.Response.StatusCode = 304; return; }
            http.Response.ContentType = Types.TryGetContentType(path, out var type) ? type : "application/octet-stream";
            if (http.Response.ContentType.StartsWith("text/", StringComparison.Ordinal) || path.EndsWith(".js", StringComparison.Ordinal))
                http.Response.ContentType = (path.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : http.Response.ContentType) + "; charset=utf-8";
            await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
        }

        private static byte[] ReadAll(Stream stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        private static (byte[] Bytes, string ETag) WithETag(byte[] bytes) =>
            (bytes, "\"" + Convert.ToHexString(SHA256.HashData(bytes))[..16] + "\"");
    }
}
