# bench/report.jq: figures.jsonl (slurped: an array of records, one per measurement) -> latest.json.
# Targets are ratios measured in the same run; each is PASS, MISS, or n/a (not measured).

def kind($k): map(select(.kind == $k));
def one($k): (kind($k) | last) // null;
def http($s): map(select(.kind == "http" and .scenario == $s));
def webhooks($s): (map(select(.kind == "webhooks" and .scenario == $s)) | last) // null;
def r3: if . == null then null else (. * 1000 | round / 1000) end;
def verdict(ok): if ok == null then "n/a" elif ok then "PASS" else "MISS" end;

. as $all
| (one("run")) as $run
| (kind("pgbench")) as $pgbench
| ($pgbench | max_by(.tps) // null) as $pg_peak
| (kind("seqread") | max_by(.events_per_s) // null) as $seq
| (kind("serving_rebuild") | max_by(.events_per_s) // null) as $serving
| ([one("rebuild"), $serving] | map(select(. != null)) | max_by(.events_per_s) // null) as $rebuild
| (one("lag")) as $lag
| (http("commands_random_half_peak") | last // null) as $half
| {backlog_one: webhooks("backlog_one"), backlog_twenty: webhooks("backlog_twenty"), live_half: webhooks("live_half")} as $hooks
| def with_ratios:
    map(. as $h | ($pgbench | map(select(.clients == $h.connections)) | first // null) as $pg
      | . + {pgbench_tps_same_clients: ($pg.tps // null),
             ratio_to_pgbench_same_clients: (if $pg then ($h.rps / $pg.tps | r3) else null end)});
  # A list route at >= half the throughput of a get of its resource, best level against best level, in this run.
  def list_target($s; $title; $get):
    (http($s)) as $runs | (http($get)) as $gets
    | ($runs | max_by(.rps) // null) as $best | ($gets | max_by(.rps) // null) as $base
    | (($runs + $gets) | map(.errors.total) | add // 0) as $errors
    | (if $best and $base then ($best.rps / $base.rps | r3) else null end) as $ratio
    | {id: "\($s)_vs_\($get)", title: $title, threshold: ">= 0.5 x \($get) in the same run, zero errors",
       measured: ($best.rps // null), measured_at_connections: ($best.connections // null), errors: $errors,
       baseline: ($base.rps // null), baseline_at_connections: ($base.connections // null), ratio: $ratio,
       result: verdict(if $ratio == null then null else ($ratio >= 0.5 and $errors == 0) end),
       summary: (if $ratio == null then "not measured"
                 else "\($best.rps) req/s (at \($best.connections) connections) / \($base.rps) req/s \($get) (at \($base.connections)) = \($ratio); errors \($errors)" end)};
  # Issue 20, item 2: commands against pgbench's one-row INSERT commits at the same client count, per level.
  def command_target($id; $title; $s; $c; $min):
    (http($s) | map(select(.connections == $c)) | last // null) as $run
    | ($pgbench | map(select(.clients == $c)) | first // null) as $pg
    | (if $run and $pg then ($run.rps / $pg.tps | r3) else null end) as $ratio
    | {id: "\($id)_c\($c)", title: "\($title), \($c) connections", threshold: ">= \($min) x pgbench one-row INSERT commits at \($c) clients, zero errors",
       measured: ($run.rps // null), errors: ($run.errors.total // null), baseline: ($pg.tps // null), ratio: $ratio,
       result: verdict(if $ratio == null then null else ($ratio >= $min and $run.errors.total == 0) end),
       summary: (if $ratio == null then "not measured"
                 else "\($run.rps) commands/s / \($pg.tps | floor) commits/s (pgbench, \($c) clients) = \($ratio); errors \($run.errors.total)" end)};
{
  schema: 1,
  run_id: $run.run_id, mode: $run.mode, date: $run.date, git: $run.git,
  machine: ($run.machine + {load_average_after_http: (one("load_average").after_http // null),
                            load_average_after: (one("end").load_average_after // null)}),
  config: $run.config,
  wall_seconds: (one("end").wall_seconds // null),
  phases: (kind("phase") | map(select(.phase != "end")) | map({(.phase): .seconds}) | add),
  baselines: {
    insert_commit: {description: "pgbench, one single-row INSERT per transaction, synchronous_commit=on, -M prepared, over TCP loopback",
                    per_clients: $pgbench, peak: $pg_peak},
    sequential_read: {description: "select count(*), sum(length(data::text)) from commerce.mt_events; best of 3 passes (warm)",
                      passes: kind("seqread"), best: $seq}
  },
  scenarios: {
    commands_random: (http("commands_random") | with_ratios),
    commands_hot: (http("commands_hot") | with_ratios),
    get_inventory: http("get_inventory"),
    list_inventory: http("list_inventory"),
    list_inventory_cursor: http("list_inventory_cursor"),
    list_history: http("list_history"),
    list_audit: http("list_audit"),
    list_events: http("list_events"),
    get_webhook: http("get_webhook"),
    list_webhooks: http("list_webhooks"),
    list_deliveries: http("list_deliveries"),
    channel_sync: one("channel_sync"),
    get_channel: http("get_channel"),
    list_listings: http("list_listings"),
    product_seed: one("product_seed"),
    get_product: http("get_product"),
    list_products: http("list_products"),
    list_products_filtered: http("list_products_filtered"),
    get_order: http("get_order"),
    list_orders: http("list_orders"),
    list_orders_filtered: http("list_orders_filtered"),
    get_customer: http("get_customer"),
    list_customers: http("list_customers"),
    list_contacts_filtered: http("list_contacts_filtered"),
    get_vehicle: http("get_vehicle"),
    list_vehicles: http("list_vehicles"),
    list_vehicles_filtered: http("list_vehicles_filtered"),
    order_flow: http("order_flow"),
    order_flow_half_peak: (http("order_flow_half_peak") | last // null),
    commands_random_half_peak: $half,
    projection_lag: $lag,
    webhook_deliveries: $hooks,
    lag_background_load: (http("lag_background_load") | last // null),
    projection_rebuild: one("rebuild"),
    serving_rebuild: $serving,
    serving_rebuild_passes: kind("serving_rebuild"),
    rebuild_load: one("load"),
    seed: one("seed"),
    projection_catch_up: kind("drain")
  },
  skipped: kind("skipped"),
  profile: {pg_stat_statements: kind("pgss")},
  targets: [
    command_target("commands_random_throughput"; "Command throughput, AdjustStock on random SKUs"; "commands_random"; 16; 0.35),
    command_target("commands_random_throughput"; "Command throughput, AdjustStock on random SKUs"; "commands_random"; 64; 0.35),
    command_target("commands_hot_throughput"; "Command throughput, AdjustStock on one hot SKU"; "commands_hot"; 16; 0.30),
    command_target("commands_hot_throughput"; "Command throughput, AdjustStock on one hot SKU"; "commands_hot"; 64; 0.35),
    (($pgbench | map(select(.clients == $half.connections)) | first // null) as $pg
     | {id: "command_p99_half_peak", title: "p99 command latency at half of peak", threshold: "<= 3 x pgbench's p99 at the same client count, zero errors",
        measured: ($half.latency_ms.p99 // null), baseline: ($pg.latency_p99_ms // null), offered_rate: ($half.target_rate // null),
        achieved_rate: ($half.rps // null), errors: ($half.errors.total // null),
        result: verdict(if $half and $pg.latency_p99_ms then ($half.latency_ms.p99 <= 3 * $pg.latency_p99_ms and $half.errors.total == 0) else null end),
        summary: (if $half then "p99 \($half.latency_ms.p99) ms at \($half.rps) commands/s (offered \($half.target_rate)/s, \($half.connections) connections) against pgbench's p99 \($pg.latency_p99_ms // "-") ms at \($half.connections) clients; errors \($half.errors.total)" else "not measured" end)}),
    {id: "projection_lag_p99_half_peak", title: "Projection lag p99 at half of peak", threshold: "<= 250 ms",
     measured: ($lag.lag_ms.p99 // null), p50: ($lag.lag_ms.p50 // null),
     result: verdict(if $lag and $lag.lag_ms then ($lag.lag_ms.p99 <= 250 and $lag.timeouts == 0) else null end),
     summary: (if $lag and $lag.lag_ms then "p50 \($lag.lag_ms.p50) ms, p99 \($lag.lag_ms.p99) ms over \($lag.measured) probes, \($lag.timeouts) not visible within 10 s; half-peak load \($lag.half_peak_rate)/s" else "not measured" end)},
    ($hooks.backlog_one as $w
     | {id: "webhook_deliveries_one", title: "Webhook deliveries to one webhook, in order", threshold: ">= 500 deliveries/s, none missing or out of order",
        measured: ($w.deliveries_per_s // null),
        result: verdict(if $w then ($w.deliveries_per_s >= 500 and $w.missing == 0 and $w.out_of_order == 0) else null end),
        summary: (if $w then "\($w.deliveries_per_s) deliveries/s (\($w.received) in \($w.seconds) s); missing \($w.missing), out of order \($w.out_of_order)" else "not measured" end)}),
    ($hooks.backlog_twenty as $w
     | {id: "webhook_deliveries_twenty", title: "Webhook deliveries across 20 webhooks", threshold: ">= 2,000 deliveries/s, none missing or out of order",
        measured: ($w.deliveries_per_s // null),
        result: verdict(if $w then ($w.deliveries_per_s >= 2000 and $w.missing == 0 and $w.out_of_order == 0) else null end),
        summary: (if $w then "\($w.deliveries_per_s) deliveries/s (\($w.received) in \($w.seconds) s); missing \($w.missing), out of order \($w.out_of_order)" else "not measured" end)}),
    ($hooks.live_half as $w
     | {id: "webhook_latency_p99_half", title: "Webhook commit-to-arrival p99 at half the one-webhook target (250 events/s)", threshold: "<= 1,000 ms, none missing",
        measured: ($w.latency_ms.p99 // null),
        result: verdict(if $w and $w.latency_ms then ($w.latency_ms.p99 <= 1000 and $w.missing == 0 and $w.out_of_order == 0) else null end),
        summary: (if $w and $w.latency_ms then "p50 \($w.latency_ms.p50) ms, p99 \($w.latency_ms.p99) ms over \($w.received) deliveries at \($w.target_rate) events/s offered; missing \($w.missing), out of order \($w.out_of_order)" else "not measured" end)}),
    ((if $rebuild and $seq then ($rebuild.events_per_s / $seq.events_per_s | r3) else null end) as $ratio
     | {id: "rebuild_vs_sequential_read", title: "Projection rebuild rate", threshold: ">= 0.25 x raw sequential read rate",
        measured: ($rebuild.events_per_s // null), baseline: ($seq.events_per_s // null), ratio: $ratio,
        result: verdict(if $ratio == null then null else $ratio >= 0.25 end),
        summary: (if $ratio == null then "not measured" else "\($rebuild.events_per_s) events/s (\(if $rebuild.kind == "serving_rebuild" then "serving rebuild job, best pass: \($rebuild.pass // 1) of \($all | kind("serving_rebuild") | length)" else "Marten daemon rebuild" end), \($rebuild.events) events in \($rebuild.seconds) s) / \($seq.events_per_s) events/s sequential read = \($ratio)" end)})
    , (($all | map(select(.kind == "race" and .scenario == "last_units_race")) | last) as $race
       | {id: "last_units_race_oversold", title: "Orders racing for the last units: none oversold", threshold: "0 oversold, exactly the units placed",
          measured: ($race.oversold // null), placed: ($race.placed // null), refused: ($race.refused // null),
          result: verdict(if $race then ($race.oversold == 0 and $race.placed == $race.rounds * $race.units_per_round) else null end),
          summary: (if $race then "\($race.rounds) rounds of \($race.attempts_per_round) orders for \($race.units_per_round) units: placed \($race.placed), refused \($race.refused), other answers \($race.other_answers), oversold \($race.oversold)" else "not measured" end)})
    , list_target("list_inventory"; "GET /v1/inventory?page=N (with the summary)"; "get_inventory")
    , list_target("list_inventory_cursor"; "GET /v1/inventory?after=<cursor> (with the summary)"; "get_inventory")
    , list_target("list_history"; "GET /v1/inventory/{sku}/history"; "get_inventory")
    , list_target("list_audit"; "GET /v1/audit"; "get_inventory")
    , list_target("list_events"; "GET /v1/events"; "get_inventory")
    , list_target("list_webhooks"; "GET /v1/webhooks"; "get_webhook")
    , list_target("list_deliveries"; "GET /v1/webhooks/{id}/deliveries"; "get_webhook")
    , list_target("list_listings"; "GET /v1/listings?channel={id}"; "get_channel")
    , list_target("list_products"; "GET /v1/products?limit=20 (the product scenario's catalog)"; "get_product")
    , list_target("list_products_filtered"; "GET /v1/products?q=tee+42&status=live&limit=20"; "get_product")
    , list_target("list_orders"; "GET /v1/orders"; "get_order")
    , list_target("list_orders_filtered"; "GET /v1/orders?status=&channel="; "get_order")
    , list_target("list_customers"; "GET /v1/customers"; "get_customer")
    , list_target("list_contacts_filtered"; "GET /v1/contacts?type="; "get_customer")
    , list_target("list_vehicles"; "GET /v1/vehicles"; "get_vehicle")
    , list_target("list_vehicles_filtered"; "GET /v1/vehicles?status=&store_id=&price_max="; "get_vehicle")
  ]
}
