// ecosys-auto-client.js
class EcosysAutoClient {
constructor(apiKey) {
this.apiKey = apiKey;
this.baseUrl = process.env.ECOSYS_AUTO_BASE_URL;
}
async request(endpoint, options = {}) {
const response = await fetch(`${this.baseUrl}${endpoint}`, {
...options,
headers: {
'Authorization': `Bearer ${this.apiKey}`,
'Content-Type': 'application/json',
...options.headers
}
});
if (!response.ok) {
const error = await response.json();
throw new Error(error.error?.message || 'Erro na requisição');
}
return response.json();
}
// Clientes
async createClient(data) {
return this.request('/clients', {
method: 'POST',
body: JSON.stringify(data)
});
}
async getClients(params = {}) {
const query = new URLSearchParams(params).toString();
return this.request(`/clients?${query}`);
}
// Veículos
async createVehicle(data) {
return this.request('/vehicles', {
method: 'POST',
body: JSON.stringify(data)
});
}
async getVehicles(params = {}) {
const query = new URLSearchParams(params).toString();
return this.request(`/vehicles?${query}`);
}
async updateVehicle(id, data) {
return this.request(`/vehicles/${id}`, {
method: 'PUT',
body: JSON.stringify(data)
});
}
// Negócios
async createDeal(data) {
return this.request('/deals', {
method: 'POST',
body: JSON.stringify(data)
});
}
async markDealWon(id, finalValue) {
return this.request(`/deals/${id}`, {
method: 'PUT',
body: JSON.stringify({ status: 'ganho', value: finalValue })
});
}
async markDealLost(id, lossReason) {
return this.request(`/deals/${id}`, {
method: 'PUT',
body: JSON.stringify({ status: 'perdido', loss_reason: lossReason })
});
}
}
// Uso
const client = new EcosysAutoClient(process.env.ECOSYS_AUTO_API_KEY);
const STORE_ID = process.env.ECOSYS_AUTO_STORE_ID;
async function cadastrarVeiculoCompleto(dadosCliente, dadosVeiculo) {
const cliente = await client.createClient(dadosCliente);
const veiculo = await client.createVehicle({
...dadosVeiculo,
store_id: STORE_ID,
client_id: cliente.data.id
});
return { cliente: cliente.data, veiculo: veiculo.data };
}
// Exemplo
cadastrarVeiculoCompleto(
{
type: 'PF',
name: 'Maria Santos',
email: 'maria@email.com',
cpf: '987.654.321-00'
},
{
title: 'Toyota Corolla XEi 2.0 2025',
brand: 'Toyota',
model: 'Corolla',
version: 'XEi 2.0 Flex',
year_model: 2025,
price: 165000.00,
mileage: 0
}
).then(console.log);
