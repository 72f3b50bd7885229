using Commerce.Api.Hosting;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);
builder.AddCommerce();

var app = builder.Build();
app.UseCommerce();

return await app.RunJasperFxCommands(args);

/// <summary>Entry point, public so integration tests can host it.</summary>
public partial class Program;
