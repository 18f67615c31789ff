using RetailCommerce.Admin;
using RetailCommerce.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRetailCommerce();
builder.AddRetailAdmin();

var app = builder.Build();
app.UseRetailCommerce();
app.UseRetailAdmin();
app.RunRetailCommerce();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
