/** `npm run bench -- --help`. */
export const HELP_TEXT = `Usage: npm run bench -- [options]

End-to-end benchmark of the order saga: starts the sandbox, the order API and the workers
(on the embedded dev MongoDB server and a local Redis, or on MONGO_URL / REDIS_URL), places
orders over HTTP and measures until every order is terminal (COMPLETED, CANCELLED or FAILED).
Prints a table, writes a JSON report and an SVG chart to bench-results/.

Load
  --scenario NAME          spread | hot | baskets                              (default spread)
                             spread:  1 item (qty 1) per order over 1,000 SKUs, plenty of stock
                             hot:     every order on one SKU with stock = orders/2
                             baskets: 3 distinct SKUs per order from a pool of 20
  --orders N               orders per measured run                             (default 3000)
  --inflight K             closed loop: keep K orders in the system            (default 64)
  --rate R                 open loop: submit R orders/s instead of --inflight
  --decline-every N        every Nth order pays with tok_decline; 0 = never    (default 20)
  --preload M              insert M COMPLETED orders before each run           (default 0)
  --consoles N             keep N operator consoles open (the live stream, the orders
                           view and one order's detail) during every other run, and
                           compare with the runs between (use --runs 6 or more)  (default 0)

System
  --workers-per-kind W     processes of each worker kind                       (default 1)
  --concurrency C          WORKER_CONCURRENCY of each worker                   (default 64)

Runs and output
  --runs R                 measured runs; the table shows each and the median  (default 3)
  --warmup N               orders each run's processes serve before its measured
                           window, on SKUs of their own; 0 = none               (default orders, >= 50)
  --naive                  also run the hot-SKU load through a naive read-modify-write
                           inventory worker (W >= 2) next to ours, and compare oversell
  --json FILE              also write the JSON report to FILE
  --out DIR                where reports and charts go                         (default bench-results)
  --drain-timeout S        how long a run waits for its last orders            (default 120)
  --cpu-prof DIR           write a CPU profile (node --cpu-prof) of every sandbox, API and
                           worker process to DIR/<run>/ (open in Chrome DevTools)
  --quiet                  no progress bar
  -h, --help               this text
`;
