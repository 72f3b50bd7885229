using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Alba;
using Commerce.Api.Tests.Customers;

namespace Commerce.Api.Tests.Dealership;

/// <summary>
/// The seed's own JavaScript client class (<c>EcosysAutoClient</c>, 003_*.txt), copied as it is but for its base URL
/// into ecosys-auto-client.js with its example at the end, runs under node against this API; a few lines after it call
/// the methods the example leaves out.
/// </summary>
public class SeedJavaScriptClientTests(AppFixture fixture) : ApiContext(fixture)
{
    private const string Exercise = """

        (async () => {
          const pedro = await client.createClient({ type: 'PF', name: 'Pedro Alves', email: 'pedro@email.com', cpf: '529.982.247-25' });
          const veiculo = await client.createVehicle({ title: 'Fiat Pulse Drive 1.3 2024', brand: 'Fiat', model: 'Pulse', year_model: 2024,
            year_manufacture: 2024, price: 99000.00, plate: 'PUL5E24', store_id: STORE_ID, client_id: pedro.data.id });
          const atualizado = await client.updateVehicle(veiculo.data.id, { price: 97500.00 });
          const negocio = await client.createDeal({ title: 'Venda Pulse — Pedro Alves', value: 99000.00, phase: 'lead', probability: 40,
            client_id: pedro.data.id, vehicle_id: veiculo.data.id, source: 'showroom', tags: ['pulse'] });
          const ganho = await client.markDealWon(negocio.data.id, 97000.00);
          let depoisDeGanho = null;
          try { await client.markDealLost(negocio.data.id, 'Preço'); } catch (e) { depoisDeGanho = e.message; }
          const outro = await client.createDeal({ title: 'Venda perdida', value: 1000, client_id: pedro.data.id });
          const perdido = await client.markDealLost(outro.data.id, 'Cliente desistiu');
          let cpfInvalido = null;
          try { await client.createClient({ type: 'PF', name: 'João da Silva', cpf: '123.456.789-00' }); } catch (e) { cpfInvalido = e.message; }
          const clientes = await client.getClients({ page: 1, limit: 10 });
          const veiculos = await client.getVehicles({ brand: 'Fiat' });
          console.log('RESULT ' + JSON.stringify({ price: atualizado.data.price, won: ganho.data.status, wonValue: ganho.data.value, depoisDeGanho,
            lost: perdido.data.status, lossReason: perdido.data.loss_reason, cpfInvalido, clients: clientes.pagination.total, vehicles: veiculos.data.length }));
        })().catch(e => { console.error('FAILED ' + e.message); process.exit(1); });
        """;

    [Fact]
    public async Task the_seed_client_class_runs_under_node_against_the_api()
    {
        // A fresh host compiles its handlers first (HandlerWarmup); node's requests should not race that on a busy machine.
        await Eventually.UntilAsync(async () => (await Host.Scenario(x => { x.Get.Url("/health/ready"); x.IgnoreStatusCode(); }))
            .Context.Response.StatusCode, status => status == 200, "the host to be ready", seconds: 60);
        var key = await KeyAsync("read_customers,create_customers,update_customers,read_deals,create_deals,update_deals");
        var store = (await Host.PostAsync(key, "/v1/stores", new { name = "Loja Centro" })).GetProperty("data").Id();
        await using var proxy = new LoopbackProxy(Host.Server.CreateClient());
        var script = Path.Combine(Path.GetTempPath(), $"ecosys-{Guid.NewGuid():N}.js");
        await File.WriteAllTextAsync(script, await File.ReadAllTextAsync(SeedClientPath()) + Exercise);
        try
        {
            var (exit, stdout, stderr) = await RunNodeAsync(script, new()
            {
                ["ECOSYS_AUTO_API_KEY"] = key, ["ECOSYS_AUTO_STORE_ID"] = store, ["ECOSYS_AUTO_BASE_URL"] = proxy.Url + "/v1"
            });
            Assert.True(exit == 0, $"node exited {exit}\n{stdout}\n{stderr}");
            // The seed's own example printed what it registered.
            Assert.Contains("Maria Santos", stdout);
            Assert.Contains("Toyota Corolla XEi 2.0 2025", stdout);
            var line = stdout.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
            var result = JsonDocument.Parse(line["RESULT ".Length..]).RootElement;
            Assert.Equal(97500.00m, result.GetProperty("price").GetDecimal());
            Assert.Equal(("ganho", 97000.00m), (result.Str("won"), result.GetProperty("wonValue").GetDecimal()));
            Assert.Contains("ganho", result.Str("depoisDeGanho"));
            Assert.Equal(("perdido", "Cliente desistiu"), (result.Str("lost"), result.Str("lossReason")));
            Assert.Contains("check digits are wrong", result.Str("cpfInvalido"));
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string SeedClientPath([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "ecosys-auto-client.js");

    private static async Task<(int Exit, string Stdout, string Stderr)> RunNodeAsync(string script, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node", script) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        Process node;
        try
        {
            node = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("This test runs the seed's JavaScript client with node (Node.js 20 or later): install it (.ci/run does).", e);
        }
        using (node)
        {
            var stdout = node.StandardOutput.ReadToEndAsync();
            var stderr = node.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await node.WaitForExitAsync(timeout.Token);
            return (node.ExitCode, await stdout, await stderr);
        }
    }
}
