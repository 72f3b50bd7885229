using Commerce.Domain.Common;
using Commerce.Domain.Customers;

namespace Commerce.Domain.Tests.Customers;

public class CustomerDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 4, 10, 30, 0, TimeSpan.Zero);
    private static readonly CustomerDetails Joao = new(CustomerKind.Person, "João da Silva", "joao.silva@email.com", "+55 11 99999-8888", "98765432100", "premium");
    private static readonly CustomerAddress Home = new("adr_1", null, "Av. Paulista", "1000", null, "Bela Vista", "São Paulo", "SP", "01310-100", "BR", null);

    private static UniqueClaims Held(params (string Key, string Holder)[] claims) => new(claims.Select(c => KeyValuePair.Create(c.Key, c.Holder)));

    private static Customer? Given(params object[] history) => history.Aggregate((Customer?)null, Customer.Evolve);

    [Fact]
    public void registering_records_the_customer_and_its_addresses()
    {
        var decision = CustomerDecisions.Decide(null, new RegisterCustomer("c1", "client", Joao, [Home]), Held(), Now);
        Assert.Equal([new CustomerRegistered("c1", "client", Joao, Now), new CustomerAddressAdded("c1", Home, Now)], decision.Events);
    }

    [Fact]
    public void a_person_keeps_a_cpf_and_a_company_a_cnpj_whatever_a_change_sends_alone()
    {
        var joao = Given(new CustomerRegistered("c1", "client", Joao, Now));
        var asCompany = CustomerDecisions.Decide(joao, new ChangeCustomer("c1", CustomerKind.Company, null, null, null, null, null), Held(), Now);
        Assert.Equal((ErrorKind.Invalid, "tax_id_kind_mismatch"), (asCompany.Error!.Kind, asCompany.Error.Code));
        Assert.Contains("987.654.321-00", asCompany.Error.Detail);
        Assert.Empty(asCompany.Events);
        var cnpjAlone = CustomerDecisions.Decide(joao, new ChangeCustomer("c1", null, null, null, null, "11222333000181", null), Held(), Now);
        Assert.Equal("tax_id_kind_mismatch", cnpjAlone.Error!.Code);
        var registered = CustomerDecisions.Decide(null, new RegisterCustomer("c2", "client", Joao with { Kind = CustomerKind.Company }, []), Held(), Now);
        Assert.Equal("tax_id_kind_mismatch", registered.Error!.Code);

        var both = CustomerDecisions.Decide(joao, new ChangeCustomer("c1", CustomerKind.Company, null, null, null, "11222333000181", null), Held(), Now);
        Assert.Equal([new CustomerDetailsChanged("c1", Joao with { Kind = CustomerKind.Company, TaxId = "11222333000181" }, Now)], both.Events);
        var noTaxId = Given(new CustomerRegistered("c3", "contact", Joao with { TaxId = null }, Now));
        Assert.Null(CustomerDecisions.Decide(noTaxId, new ChangeCustomer("c3", CustomerKind.Company, null, null, null, null, null), Held(), Now).Error);
    }

    [Fact]
    public void an_email_another_customer_holds_is_a_conflict_naming_it_whatever_its_case()
    {
        var decision = CustomerDecisions.Decide(null, new RegisterCustomer("c2", "contact", Joao with { Email = "Joao.Silva@Email.com", TaxId = null }, []),
            Held((CustomerClaims.EmailKey("joao.silva@email.com"), "c1")), Now);
        Assert.Equal(ErrorKind.Conflict, decision.Error!.Kind);
        Assert.Equal("email_taken", decision.Error.Code);
        Assert.Contains("customer c1", decision.Error.Detail);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void a_tax_id_another_customer_holds_is_a_conflict_naming_it_masked()
    {
        var decision = CustomerDecisions.Decide(null, new RegisterCustomer("c2", "client", Joao with { Email = null }, []),
            Held((CustomerClaims.TaxIdKey("98765432100"), "c1")), Now);
        Assert.Equal("tax_id_taken", decision.Error!.Code);
        Assert.Equal("The CPF 987.654.321-00 belongs to customer c1 already.", decision.Error.Detail);
    }

    [Fact]
    public void claims_move_with_the_details_and_the_next_command_sees_them()
    {
        var claims = Held();
        var (released, taken) = claims.Move("c1", CustomerClaims.KeysOf((CustomerDetails?)null), CustomerClaims.KeysOf(Joao));
        Assert.Equal([CustomerClaims.EmailKey(Joao.Email!), CustomerClaims.TaxIdKey("98765432100")], taken);
        Assert.Empty(released);
        Assert.NotNull(claims.Conflict("c2", Joao with { TaxId = null }));
        Assert.Null(claims.Conflict("c1", Joao));

        (released, taken) = claims.Move("c1", CustomerClaims.KeysOf(Joao), CustomerClaims.KeysOf(Joao with { Email = "joao@new.example" }));
        Assert.Equal([CustomerClaims.EmailKey(Joao.Email!)], released);
        Assert.Equal([CustomerClaims.EmailKey("joao@new.example")], taken);
        Assert.Null(claims.Conflict("c2", Joao with { TaxId = null }));
    }

    [Fact]
    public void changing_records_the_new_details_and_nothing_when_they_are_the_same()
    {
        var joao = Given(new CustomerRegistered("c1", "client", Joao, Now));
        Assert.Equal([new CustomerDetailsChanged("c1", Joao with { Phone = "+55 11 3333-4444" }, Now)],
            CustomerDecisions.Decide(joao, new ChangeCustomer("c1", null, null, null, "+55 11 3333-4444", null, null), Held(), Now).Events);
        var same = CustomerDecisions.Decide(joao, new ChangeCustomer("c1", null, "João da Silva", null, null, null, null), Held(), Now);
        Assert.Null(same.Error);
        Assert.Empty(same.Events);
    }

    [Fact]
    public void changing_to_an_email_another_customer_holds_is_a_conflict()
    {
        var joao = Given(new CustomerRegistered("c1", "client", Joao, Now));
        var decision = CustomerDecisions.Decide(joao, new ChangeCustomer("c1", null, null, "maria@email.com", null, null, null),
            Held((CustomerClaims.EmailKey("maria@email.com"), "c2")), Now);
        Assert.Equal("email_taken", decision.Error!.Code);
    }

    [Fact]
    public void an_archived_customer_cannot_change_and_archiving_again_changes_nothing()
    {
        var archived = Given(new CustomerRegistered("c1", "contact", Joao, Now), new CustomerArchived("c1", Now));
        Assert.Equal("customer_archived", CustomerDecisions.Decide(archived, new ChangeCustomer("c1", null, "J", null, null, null, null), Held(), Now).Error!.Code);
        var again = CustomerDecisions.Decide(archived, new ArchiveCustomer("c1"), Now);
        Assert.Null(again.Error);
        Assert.Empty(again.Events);
        Assert.Equal(ErrorKind.NotFound, CustomerDecisions.Decide(null, new ArchiveCustomer("c9"), Now).Error!.Kind);
    }

    [Fact]
    public void the_address_book_adds_changes_and_removes_by_id()
    {
        var joao = Given(new CustomerRegistered("c1", "customer", Joao, Now), new CustomerAddressAdded("c1", Home, Now));
        var moved = Home with { Number = "2000" };
        Assert.Equal([new CustomerAddressChanged("c1", moved, Now)],
            CustomerDecisions.Decide(joao, new ChangeAddressBook("c1", AddressBookChange.Change, "adr_1", moved), Now).Events);
        Assert.Empty(CustomerDecisions.Decide(joao, new ChangeAddressBook("c1", AddressBookChange.Change, "adr_1", Home), Now).Events);
        Assert.Equal([new CustomerAddressRemoved("c1", "adr_1", Now)],
            CustomerDecisions.Decide(joao, new ChangeAddressBook("c1", AddressBookChange.Remove, "adr_1", null), Now).Events);
        Assert.Equal(ErrorKind.NotFound,
            CustomerDecisions.Decide(joao, new ChangeAddressBook("c1", AddressBookChange.Remove, "adr_9", null), Now).Error!.Kind);

        var after = new object[] { new CustomerAddressChanged("c1", moved, Now) }.Aggregate(joao, Customer.Evolve)!;
        Assert.Equal([moved], after.Addresses);
    }

    [Fact]
    public void an_address_book_is_full_at_fifty()
    {
        var history = new List<object> { new CustomerRegistered("c1", "customer", Joao, Now) };
        history.AddRange(Enumerable.Range(0, CustomerDecisions.MaxAddresses).Select(i => new CustomerAddressAdded("c1", Home with { Id = $"adr_{i}" }, Now)));
        var full = Given([.. history]);
        Assert.Equal("address_book_full",
            CustomerDecisions.Decide(full, new ChangeAddressBook("c1", AddressBookChange.Add, "adr_new", Home), Now).Error!.Code);
    }
}

public class MergeCustomersTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 4, 11, 0, 0, TimeSpan.Zero);
    private static readonly CustomerDetails Details = new(CustomerKind.Person, "Maria Santos", "maria@email.com", null, null, null);

    private static Customer Registered(string id, params object[] more) =>
        more.Aggregate(Customer.Evolve(null, new CustomerRegistered(id, "contact", Details, Now)), Customer.Evolve)!;

    [Fact]
    public void the_duplicate_points_at_the_survivor_and_the_survivor_records_the_merge()
    {
        var command = new MergeCustomers("dup", "keep");
        Assert.Equal([new CustomerMergedInto("dup", "keep", Now)], CustomerDecisions.Decide(Registered("dup"), command, Registered("keep"), Now).Events);
        Assert.Equal([new CustomerMerged("keep", "dup", Now)], CustomerDecisions.Survive(Registered("keep"), command, Now).Events);
        var merged = Registered("dup", new CustomerMergedInto("dup", "keep", Now));
        Assert.Equal("keep", merged.MergedInto);
        Assert.Equal(["dup"], Registered("keep", new CustomerMerged("keep", "dup", Now)).Merged);
    }

    [Fact]
    public void a_merged_archived_missing_or_same_customer_cannot_be_merged()
    {
        var merged = Registered("dup", new CustomerMergedInto("dup", "other", Now));
        Assert.Equal("customer_merged", CustomerDecisions.Decide(merged, new MergeCustomers("dup", "keep"), Registered("keep"), Now).Error!.Code);
        Assert.Equal("customer_merged", CustomerDecisions.Decide(merged, new ChangeCustomer("dup", null, "X", null, null, null, null), new([]), Now).Error!.Code);
        var archived = Registered("keep", new CustomerArchived("keep", Now));
        Assert.Equal("customer_archived", CustomerDecisions.Decide(Registered("dup"), new MergeCustomers("dup", "keep"), archived, Now).Error!.Code);
        Assert.Equal(ErrorKind.NotFound, CustomerDecisions.Decide(Registered("dup"), new MergeCustomers("dup", "keep"), null, Now).Error!.Kind);
        Assert.Equal("invalid_merge", CustomerDecisions.Decide(Registered("dup"), new MergeCustomers("dup", "dup"), Registered("dup"), Now).Error!.Code);
    }
}
