using RetailCommerce.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRetailCommerce();

var app = builder.Build();
app.UseRetailCommerce();
app.RunRetailCommerce();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
