using Commerce.Api.Hosting;
using JasperFx;

// Settings travel with the build output, so the service behaves the same from any working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (string.IsNullOrEmpty(builder.Configuration.GetConnectionString("Commerce")))
{
    Console.Error.WriteLine("No database configured: set ConnectionStrings__Commerce, or use './dev run' / './dev admin ...' (see README).");
    return 2;
}
builder.AddCommerce(args);

var app = builder.Build();
app.UseCommerce();

return await app.RunJasperFxCommands(args);

/// <summary>Entry point, public so integration tests can host it.</summary>
public partial class Program;
