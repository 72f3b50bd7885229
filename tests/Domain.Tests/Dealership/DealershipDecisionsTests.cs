using Commerce.Domain.Common;
using Commerce.Domain.Customers;
using Commerce.Domain.Dealership;

namespace Commerce.Domain.Tests.Dealership;

public class DealershipDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 4, 10, 31, 0, TimeSpan.Zero);
    private static readonly VehicleDetails Civic = new("Honda Civic EXL 2.0 2024", "Honda", "Civic", "EXL 2.0 Flex", 2024, 2023, 142900.00m, 125000.00m,
        18500, "Preto", "flex", "automatico", "ABC1D23");
    private static readonly Store Loja = new("s1", "Loja Centro", "São Paulo", "SP", null, Now);
    private static readonly Customer Joao = Customer.Evolve(null,
        new CustomerRegistered("c1", "client", new CustomerDetails(CustomerKind.Person, "João da Silva", null, null, "98765432100", null), Now))!;

    private static readonly DealershipReferences Known = new(new Dictionary<string, Store> { ["s1"] = Loja },
        new Dictionary<string, Customer> { ["c1"] = Joao }, new Dictionary<string, Vehicle>());

    private static readonly UniqueClaims NoClaims = new([]);

    private static Vehicle Registered(VehicleDetails? details = null) =>
        Vehicle.Evolve(null, new VehicleRegistered("v1", details ?? Civic, "s1", "c1", Now))!;

    private static Deal Open(string? vehicleId = "v1") =>
        Deal.Evolve(null, new DealCreated("d1", new DealDetails("Venda Civic", 142900m, "lead", 40, "c1", vehicleId, "s1", "showroom", ["civic"]), Now))!;

    private static DealershipReferences WithVehicle(Vehicle vehicle) => Known with { Vehicles = new Dictionary<string, Vehicle> { [vehicle.Id] = vehicle } };

    [Theory]
    [InlineData("ABC1234", true)]
    [InlineData("ABC1D23", true)]
    [InlineData("abc-1234", true)]
    [InlineData("ABC12345", false)]
    [InlineData("AB1D234", false)]
    [InlineData("ABCD123", false)]
    [InlineData("1BC1D23", false)]
    public void plates_are_the_old_or_the_mercosul_format(string plate, bool valid) => Assert.Equal(valid, Plates.IsValid(plate));

    [Fact]
    public void a_vehicle_enters_at_entrada_and_ativo_with_its_plate_normalized()
    {
        var decision = DealershipDecisions.Decide(null, new RegisterVehicle("v1", Civic with { Plate = "abc-1d23" }, "s1", "c1"), Known, NoClaims, Now);
        Assert.Equal([new VehicleRegistered("v1", Civic, "s1", "c1", Now)], decision.Events);
        var vehicle = decision.Events.Aggregate((Vehicle?)null, Vehicle.Evolve)!;
        Assert.Equal(("entrada", "ativo"), (vehicle.Phase, vehicle.Status));
    }

    [Fact]
    public void a_model_year_before_the_manufacture_year_is_invalid()
    {
        var decision = DealershipDecisions.Decide(null, new RegisterVehicle("v1", Civic with { YearModel = 2022 }, "s1", null), Known, NoClaims, Now);
        Assert.Equal((ErrorKind.Invalid, "invalid_years"), (decision.Error!.Kind, decision.Error.Code));
        Assert.Null(DealershipDecisions.Decide(null, new RegisterVehicle("v1", Civic with { YearModel = 2023 }, "s1", null), Known, NoClaims, Now).Error);
    }

    [Fact]
    public void an_unknown_store_or_client_is_invalid_naming_the_field()
    {
        Assert.Equal("unknown_store", DealershipDecisions.Decide(null, new RegisterVehicle("v1", Civic, "s9", null), Known, NoClaims, Now).Error!.Code);
        var client = DealershipDecisions.Decide(null, new RegisterVehicle("v1", Civic, "s1", "c9"), Known, NoClaims, Now).Error!;
        Assert.Equal("unknown_client", client.Code);
        Assert.StartsWith("client_id c9", client.Detail);
    }

    [Fact]
    public void a_plate_another_vehicle_holds_is_a_conflict_naming_it()
    {
        var decision = DealershipDecisions.Decide(null, new RegisterVehicle("v2", Civic, "s1", null), Known,
            new UniqueClaims([KeyValuePair.Create(Plates.Key("ABC1D23"), "v1")]), Now);
        Assert.Equal(("plate_taken", "The plate ABC1D23 belongs to vehicle v1 already."), (decision.Error!.Code, decision.Error.Detail));
    }

    [Fact]
    public void the_phase_moves_forward_only_and_sold_only_through_a_deal()
    {
        var vehicle = Registered();
        ChangeVehicle Move(string? phase = null, string? status = null) =>
            new("v1", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, phase, status);
        Assert.Equal([new VehiclePhaseChanged("v1", "disponivel", Now)], DealershipDecisions.Decide(vehicle, Move("disponivel"), Known, NoClaims, Now).Events);
        var available = Vehicle.Evolve(vehicle, new VehiclePhaseChanged("v1", "disponivel", Now))!;
        Assert.Equal("invalid_phase_transition", DealershipDecisions.Decide(available, Move("preparacao"), Known, NoClaims, Now).Error!.Code);
        Assert.Equal("invalid_phase_transition", DealershipDecisions.Decide(available, Move("vendido"), Known, NoClaims, Now).Error!.Code);
        Assert.Equal("invalid_status_transition", DealershipDecisions.Decide(available, Move(status: "vendido"), Known, NoClaims, Now).Error!.Code);
        Assert.Equal([new VehicleStatusChanged("v1", "inativo", Now)], DealershipDecisions.Decide(available, Move(status: "inativo"), Known, NoClaims, Now).Events);
    }

    [Fact]
    public void a_sold_vehicle_changes_no_more_and_selling_it_again_changes_nothing()
    {
        var sold = Vehicle.Evolve(Registered(), new VehicleSold("v1", "d1", 139900m, Now))!;
        Assert.Equal(("vendido", "vendido", "d1"), (sold.Phase, sold.Status, sold.SoldByDeal));
        var change = new ChangeVehicle("v1", null, null, null, null, null, null, 1m, null, null, null, null, null, null, null, null, null, null);
        Assert.Equal("vehicle_sold", DealershipDecisions.Decide(sold, change, Known, NoClaims, Now).Error!.Code);
        Assert.Empty(DealershipDecisions.Decide(sold, new MarkVehicleSold("v1", "d1", 139900m), Now).Events);
        Assert.Equal([new VehicleSold("v1", "d1", 139900m, Now)], DealershipDecisions.Decide(Registered(), new MarkVehicleSold("v1", "d1", 139900m), Now).Events);
    }

    [Fact]
    public void a_deal_needs_a_known_client_and_an_unsold_vehicle_and_takes_its_store()
    {
        var details = new DealDetails("Venda Civic", 142900m, "lead", 40, "c1", "v1", null, "showroom", ["civic"]);
        var created = DealershipDecisions.Decide(null, new CreateDeal("d1", details), WithVehicle(Registered()), Now);
        Assert.Equal([new DealCreated("d1", details with { StoreId = "s1" }, Now)], created.Events);
        Assert.Equal("unknown_client", DealershipDecisions.Decide(null, new CreateDeal("d1", details with { ClientId = "c9" }), Known, Now).Error!.Code);
        Assert.Equal("unknown_vehicle", DealershipDecisions.Decide(null, new CreateDeal("d1", details), Known, Now).Error!.Code);
        var sold = Vehicle.Evolve(Registered(), new VehicleSold("v1", "d0", 1m, Now))!;
        Assert.Equal("vehicle_sold", DealershipDecisions.Decide(null, new CreateDeal("d1", details), WithVehicle(sold), Now).Error!.Code);
    }

    [Fact]
    public void a_client_merged_away_or_archived_is_not_given_to_a_new_deal_or_vehicle_but_stays_on_those_it_has()
    {
        var merged = Customer.Evolve(Joao, new CustomerMergedInto("c1", "c2", Now))!;
        var archived = Customer.Evolve(Joao, new CustomerArchived("c1", Now))!;
        DealershipReferences With(Customer client) => Known with { Clients = new Dictionary<string, Customer> { ["c1"] = client } };
        var details = new DealDetails("Venda Civic", 142900m, "lead", 40, "c1", null, "s1", null, []);

        var refused = DealershipDecisions.Decide(null, new CreateDeal("d1", details), With(merged), Now).Error!;
        Assert.Equal((ErrorKind.Invalid, "client_merged"), (refused.Kind, refused.Code));
        Assert.Contains("c2", refused.Detail);   // the survivor to name instead
        Assert.Equal("client_archived", DealershipDecisions.Decide(null, new CreateDeal("d1", details), With(archived), Now).Error!.Code);
        Assert.Equal("client_merged", DealershipDecisions.Decide(null, new RegisterVehicle("v1", Civic, "s1", "c1"), With(merged), NoClaims, Now).Error!.Code);

        // A deal or vehicle that has the client already keeps working: a change that repeats it is not a new choice.
        var deal = Open(vehicleId: null);
        var change = new ChangeDeal("d1", "Venda Civic 2", null, null, null, "c1", null, null, null, null);
        Assert.Single(DealershipDecisions.Decide(deal, change, With(merged), Now).Events);
        var vehicle = Registered();
        var repaint = new ChangeVehicle("v1", null, null, null, null, null, null, null, null, null, Color: "Branco", Fuel: null, Transmission: null,
            Plate: null, StoreId: null, ClientId: "c1", Phase: null, Status: null);
        Assert.Null(DealershipDecisions.Decide(vehicle, repaint, With(merged), NoClaims, Now).Error);
    }

    [Fact]
    public void winning_records_the_final_value_and_takes_the_vehicle()
    {
        var decision = DealershipDecisions.Decide(Open(), new MarkDealWon("d1", 139900m), WithVehicle(Registered()), NoClaims, Now);
        Assert.Equal([new DealWon("d1", 139900m, "c1", "v1", "s1", Now)], decision.Events);
        var won = decision.Events.Aggregate((Deal?)Open(), Deal.Evolve)!;
        Assert.Equal([Deal.SaleKey("v1")], Deal.KeysOf(won));
        Assert.Equal(142900m, DealershipDecisions.Decide(Open(), new MarkDealWon("d1", null), WithVehicle(Registered()), NoClaims, Now)
            .Events.OfType<DealWon>().Single().Value);
    }

    [Fact]
    public void a_vehicle_another_deal_sold_or_claimed_cannot_be_won_again()
    {
        var claimed = new UniqueClaims([KeyValuePair.Create(Deal.SaleKey("v1"), "d0")]);
        var decision = DealershipDecisions.Decide(Open(), new MarkDealWon("d1", null), WithVehicle(Registered()), claimed, Now);
        Assert.Equal(("vehicle_sold", ErrorKind.Conflict), (decision.Error!.Code, decision.Error.Kind));
        Assert.Contains("deal d0", decision.Error.Detail);
        var sold = Vehicle.Evolve(Registered(), new VehicleSold("v1", "d0", 1m, Now))!;
        Assert.Equal("vehicle_sold", DealershipDecisions.Decide(Open(), new MarkDealWon("d1", null), WithVehicle(sold), NoClaims, Now).Error!.Code);
    }

    [Fact]
    public void won_and_lost_are_terminal()
    {
        var won = Deal.Evolve(Open(null), new DealWon("d1", 1m, "c1", null, "s1", Now))!;
        var lost = Deal.Evolve(Open(null), new DealLost("d1", "Preço", Now))!;
        foreach (var closed in new[] { won, lost })
        {
            Assert.Equal("deal_closed", DealershipDecisions.Decide(closed, new MarkDealWon("d1", null), Known, NoClaims, Now).Error!.Code);
            Assert.Equal("deal_closed", DealershipDecisions.Decide(closed, new MarkDealLost("d1", "x"), Now).Error!.Code);
            Assert.Equal("deal_closed", DealershipDecisions.Decide(closed,
                new ChangeDeal("d1", "t", null, null, null, null, null, null, null, null), Known, Now).Error!.Code);
        }
        Assert.Equal([new DealLost("d1", "Cliente comprou na concorrência", Now)],
            DealershipDecisions.Decide(Open(null), new MarkDealLost("d1", " Cliente comprou na concorrência "), Now).Events);
        Assert.Equal("loss_reason_required", DealershipDecisions.Decide(Open(null), new MarkDealLost("d1", " "), Now).Error!.Code);
    }

    [Fact]
    public void a_deal_moves_along_the_pipeline_and_an_unchanged_put_records_nothing()
    {
        var moved = DealershipDecisions.Decide(Open(null), new ChangeDeal("d1", null, null, "proposta", 60, null, null, null, null, null), Known, Now);
        Assert.Equal("proposta", moved.Events.OfType<DealChanged>().Single().Details.Phase);
        Assert.Empty(DealershipDecisions.Decide(Open(null), new ChangeDeal("d1", null, null, "lead", null, null, null, null, null, ["civic"]), Known, Now).Events);
    }
}
