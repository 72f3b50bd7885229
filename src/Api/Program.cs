using Commerce.Api.Hosting;
using JasperFx;

// Settings travel with the build output, so the service behaves the same from any working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddCommerce(args);

var app = builder.Build();
app.UseCommerce();

return await app.RunJasperFxCommands(args);

/// <summary>Entry point, public so integration tests can host it.</summary>
public partial class Program;
