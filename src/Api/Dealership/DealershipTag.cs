using Commerce.Api.Http;

[assembly: ApiTag("Dealership",
    "The car dealership's CRM (Ecosys Auto): clients (PF with a CPF, PJ with a CNPJ). Answers in the seed's envelope: success, data, pagination, error.message.")]
