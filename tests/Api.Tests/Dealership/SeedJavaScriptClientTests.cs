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
    // What the example leaves out, through the class's methods and, for routes it has no method for, its request().
    private const string Exercise = """

        // The API answers 503 "retry shortly" while a read model catches up with min_version / consistent=true: retry, as a client would.
        let retries = 0;
        async function settled(read) {
          for (let attempt = 1; ; attempt++) {
            try { return await read(); }
            catch (e) { if (attempt >= 30 || !/retry shortly/.test(e.message)) throw e; retries++; await new Promise(r => setTimeout(r, 200)); }
          }
        }
        (async () => {
          const pedro = await client.createClient({ type: 'PF', name: 'Pedro Alves', email: 'pedro@email.com', cpf: '529.982.247-25' });
          const clienteAtualizado = await client.request(`/clients/${pedro.data.id}`, { method: 'PUT',
            body: JSON.stringify({ segment: 'premium', phone: '+55 11 98888-7777' }) });
          const umCliente = await settled(() => client.request(`/clients/${pedro.data.id}?min_version=2`));
          const veiculo = await client.createVehicle({ title: 'Fiat Pulse Drive 1.3 2024', brand: 'Fiat', model: 'Pulse', year_model: 2024,
            year_manufacture: 2024, price: 99000.00, plate: 'PUL5E24', store_id: STORE_ID, client_id: pedro.data.id });
          const atualizado = await client.updateVehicle(veiculo.data.id, { price: 97500.00 });
          const umVeiculo = await settled(() => client.request(`/vehicles/${veiculo.data.id}?min_version=2`));
          const negocio = await client.createDeal({ title: 'Venda Pulse — Pedro Alves', value: 99000.00, phase: 'lead', probability: 40,
            client_id: pedro.data.id, vehicle_id: veiculo.data.id, source: 'showroom', tags: ['pulse'] });
          const negocioMovido = await client.request(`/deals/${negocio.data.id}`, { method: 'PUT',
            body: JSON.stringify({ phase: 'negociacao', probability: 80 }) });
          const ganho = await client.markDealWon(negocio.data.id, 97000.00);
          const umNegocio = await settled(() => client.request(`/deals/${negocio.data.id}?min_version=3`));
          let depoisDeGanho = null;
          try { await client.markDealLost(negocio.data.id, 'Preço'); } catch (e) { depoisDeGanho = e.message; }
          const outro = await client.createDeal({ title: 'Venda perdida', value: 1000, client_id: pedro.data.id });
          const perdido = await client.markDealLost(outro.data.id, 'Cliente desistiu');
          let cpfInvalido = null;
          try { await client.createClient({ type: 'PF', name: 'João da Silva', cpf: '123.456.789-00' }); } catch (e) { cpfInvalido = e.message; }
          let naoExiste = null;
          try { await client.request('/deals/00000000-0000-7000-8000-000000000000'); } catch (e) { naoExiste = e.message; }
          const clientes = await settled(() => client.getClients({ search: 'Pedro', page: 1, limit: 10, consistent: true }));
          const veiculos = await settled(() => client.getVehicles({ brand: 'Fiat', consistent: true }));
          const negocios = await settled(() => client.request('/deals?page=1&limit=1&consistent=true'));
          console.log('RESULT ' + JSON.stringify({ client: umCliente.data, changedSegment: clienteAtualizado.data.segment, price: atualizado.data.price,
            vehicle: umVeiculo.data, moved: negocioMovido.data.phase, won: ganho.data.status, wonValue: ganho.data.value, deal: umNegocio.data,
            depoisDeGanho, lost: perdido.data.status, lossReason: perdido.data.loss_reason, cpfInvalido, naoExiste,
            clients: clientes.pagination.total, clientNames: clientes.data.map(c => c.name), vehicles: veiculos.data.map(v => v.title),
            deals: negocios.pagination, dealsOnPage: negocios.data.length, retries }));
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
            int exit;
            string stdout, stderr;
            // The daemon running continuously as on a node (the suite's host drives its shards itself): node reads its writes
            // with min_version / consistent=true, which wait for the read models, not Fixture.CatchUpAsync.
            await using (await DaemonRunningAsync())
                (exit, stdout, stderr) = await RunNodeAsync(script, new()
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
            var pedro = result.GetProperty("client");
            Assert.Equal(("Pedro Alves", "529.982.247-25", "premium", "+55 11 98888-7777"),
                (pedro.Str("name"), pedro.Str("cpf"), pedro.Str("segment"), pedro.Str("phone")));
            Assert.Equal("premium", result.Str("changedSegment"));
            var vehicle = result.GetProperty("vehicle");
            Assert.Equal((97500.00m, "PUL5E24", "Pedro Alves"), (vehicle.GetProperty("price").GetDecimal(), vehicle.Str("plate"),
                vehicle.GetProperty("client").Str("name")));
            Assert.Equal("negociacao", result.Str("moved"));
            var deal = result.GetProperty("deal");
            Assert.Equal(("ganho", 97000.00m, "negociacao"), (deal.Str("status"), deal.GetProperty("value").GetDecimal(), deal.Str("phase")));
            Assert.Contains("does not exist", result.Str("naoExiste"));
            Assert.Equal(1, result.GetProperty("clients").GetInt32());
            Assert.Equal(["Pedro Alves"], result.GetProperty("clientNames").EnumerateArray().Select(n => n.GetString()));
            Assert.Equal(["Fiat Pulse Drive 1.3 2024"], result.GetProperty("vehicles").EnumerateArray().Select(n => n.GetString()));
            var deals = result.GetProperty("deals");
            Assert.Equal((1, 1, 2, 2), (deals.GetProperty("page").GetInt32(), deals.GetProperty("limit").GetInt32(), deals.GetProperty("total").GetInt32(),
                deals.GetProperty("pages").GetInt32()));
            Assert.Equal(1, result.GetProperty("dealsOnPage").GetInt32());
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
