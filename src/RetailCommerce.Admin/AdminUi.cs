using System.Reflection;
using Marten;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetailCommerce.Admin.Accounts;
using RetailCommerce.Modules;

namespace RetailCommerce.Admin;

/// <summary>The admin UI in two calls: <see cref="AddRetailAdmin"/> on the builder, <see cref="UseRetailAdmin"/> on the app.</summary>
public static class AdminUi
{
    /// <summary>The cookie authentication scheme of merchant users (the API keeps its bearer tokens).</summary>
    public const string Scheme = "RetailAdmin";

    /// <summary>Any signed-in merchant user.</summary>
    public const string MerchantPolicy = "Merchant";

    /// <summary>Owners only (users and stores).</summary>
    public const string OwnerPolicy = "Owner";

    /// <summary>Registers sign-in, the admin pages and every module's admin contributions.</summary>
    public static WebApplicationBuilder AddRetailAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AdminUiOptions>(builder.Configuration.GetSection(AdminUiOptions.Section));
        var ui = builder.Configuration.GetSection(AdminUiOptions.Section).Get<AdminUiOptions>() ?? new AdminUiOptions();
        services.ConfigureMarten(marten => marten.Schema.For<MerchantUser>().SingleTenanted());
        services.AddSingleton<MerchantAccounts>();
        services.AddHostedService<FirstOwner>();

        services.AddAuthentication(Scheme).AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "retail_admin";
            cookie.Cookie.Path = "/admin";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/admin/signin";
            cookie.LogoutPath = "/admin/signout";
            cookie.AccessDeniedPath = "/admin/denied";
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(ui.SessionHours);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(MerchantPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser())
            .AddPolicy(OwnerPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(MerchantRole.Owner)));
        services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "retail_admin_af";
            a.Cookie.Path = "/admin";
            a.Cookie.SameSite = SameSiteMode.Strict;
        });

        var modules = services.RegisteredModules();
        services.AddRazorPages().ConfigureApplicationPartManager(parts =>
        {
            // Module assemblies carry their own admin pages and dashboard cards.
            foreach (var assembly in modules.Select(m => m.Assembly).Prepend(typeof(AdminUi).Assembly).Distinct())
            {
                if (parts.ApplicationParts.Any(p => p is AssemblyPart a && a.Assembly == assembly)) continue;
                parts.ApplicationParts.Add(new AssemblyPart(assembly));
                parts.ApplicationParts.Add(new CompiledRazorAssemblyPart(assembly));
            }
        });
        return builder;
    }

    /// <summary>Adds authentication and maps the admin pages and the admin stylesheet.</summary>
    public static WebApplication UseRetailAdmin(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        var css = ReadTheme();
        app.MapGet("/admin/assets/admin.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(css, "text/css");
        }).AllowAnonymous();
        return app;
    }

    private static IReadOnlyList<ModuleDescriptor> RegisteredModules(this IServiceCollection services) =>
        (services.FirstOrDefault(d => d.ServiceType == typeof(ModuleCatalog))?.ImplementationInstance as ModuleCatalog)?.Modules
        ?? throw new InvalidOperationException("Call AddRetailCommerce before AddRetailAdmin.");

    private static string ReadTheme()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("admin.css")
            ?? throw new InvalidOperationException("admin.css is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
