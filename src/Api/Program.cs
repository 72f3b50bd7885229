using Commerce.Api.Access;
using Commerce.Api.Admin;
using Commerce.Api.Hosting;
using JasperFx;
using JasperFx.CommandLine;

// `rebuild` only talks HTTP to a running node: it runs without building the service, whose start-up (Marten, Wolverine,
// configuration checks) would take longer than a small rebuild, and needs no database settings.
if (args is ["rebuild", .. var rebuildArgs]) return await CommandExecutor.ExecuteCommandAsync<RebuildCommand>(rebuildArgs);

// Settings travel with the build output, so the service behaves the same from any working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (string.IsNullOrEmpty(builder.Configuration.GetConnectionString("Commerce")))
{
    Console.Error.WriteLine("No database configured: set ConnectionStrings__Commerce, or use './dev run' / './dev admin ...' (see README).");
    return 2;
}
builder.AddCommerce(args);

var app = builder.Build();
// `keys` prints only its result: it runs on the node's services without starting the node, and without JasperFx's
// command discovery, which writes every assembly it searches to stdout.
if (args is ["keys", ..]) return await KeysCommand.RunAsync(app.Services, args);
app.UseCommerce();

// JasperFx's runner ends with 0 even when the service failed to start (say, the database was unreachable); a
// supervisor that restarts failed processes must see a failure.
var started = false;
app.Lifetime.ApplicationStarted.Register(() => started = true);
var exitCode = await app.RunJasperFxCommands(args);
var ranTheService = args is [] || args[0].StartsWith('-');
return ranTheService && exitCode == 0 && !started ? 1 : exitCode;
