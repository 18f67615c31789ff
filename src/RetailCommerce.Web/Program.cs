using RetailCommerce.Admin;
using RetailCommerce.Hosting;
using RetailCommerce.Storefront;

var builder = WebApplication.CreateBuilder(args);
builder.AddRetailCommerce();
builder.AddRetailAdmin();
builder.AddRetailStorefront();

var app = builder.Build();
app.UseRetailCommerce();
app.UseRetailAdmin();
app.UseRetailStorefront();
app.RunRetailCommerce();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
