/*
 * The order saga's protocol as the code implements it, for SPIN. See docs/protocol.md for the
 * prose, the mapping of every step below to its file and function, and what is abstracted.
 *
 * One worker step (an `atomic` block) = one single-document operation of MongoDB (the only
 * atomicity the code relies on: no transactions), or one command to Redis or the provider, with
 * what the worker computes from its answer. A bulk of several statements is several steps, and
 * anything may happen between them. Between some commands (CHECKPOINT) a worker may crash (its
 * local state is lost, its job is delivered again) or pause past its leases (its item locks and
 * fence leases expire, its job is delivered again to another worker, and it carries on later
 * with what it had read).
 *
 * Configuration (-D on the command line): NW workers, NO orders (2 or 3), NCRASH crashes,
 * NPAUSE pauses, NSWEEP re-dispatches by the recovery sweep, NCANCEL orders a customer may cancel
 * (the first one or two). Two SKUs; order 0 buys one of each,
 * order 1 one of SKU 0, order 2 (when NO == 3) one of SKU 1; one unit of each SKU in stock, so
 * orders compete and one of them may meet OUT_OF_STOCK.
 *
 * Hole variants: each is this model plus one #define and must fail with the invariant it names.
 *   HOLE_UNFENCED_UNDO    a reserve that lost its fence undoes the order's holds and deletes its
 *                         ledger records without a fence -> inv_reserved_stays_held
 *   HOLE_E11000_COMMITTED a ledger tombstone that meets E11000 reads it as "already COMMITTED"
 *                         instead of re-reading the record -> inv_tombstones
 *   HOLE_VOID_NO_REPLAY   VOID_PAYMENT cancels only the authorization it can see, without
 *                         replaying the request -> inv_cancelled_moves_no_money
 *   HOLE_LEASE_ONLY_UNCHECKED a pass answers DONE although another holder took the fence of a SKU
 *                         it read but did not change (a release that read "no hold" before a
 *                         stale reserve wrote one) -> inv_no_hold_left (needs two pauses)
 *   HOLE_REJECT_WITHOUT_LEDGER a reserve rejected for lack of stock answers "nothing held" because
 *                         it read no hold, whatever its REJECT statements answered, and the saga
 *                         skips RELEASE_STOCK -> inv_tombstones (an earlier attempt's RESERVED
 *                         record is left; the same search without that monitor finds the hold
 *                         such a record lets a stale reserve write -> inv_no_hold_left)
 *   HOLE_NO_SWEEP         (with LIVENESS) no recovery sweep: a job lost in a crash between the
 *                         transition and the dispatch is never found again -> terminates
 */

#ifndef NW
#define NW 2
#endif
#ifndef NO
#define NO 2
#endif
#ifndef NCRASH
#define NCRASH 1
#endif
#ifndef NPAUSE
#define NPAUSE 1
#endif
#ifndef NCANCEL
#define NCANCEL 1
#endif
#ifndef NSWEEP
#define NSWEEP 1
#endif
#define NS 2

/* Does order o buy SKU s (one unit)? */
#define HAS(o, s) ((o) == 0 || ((o) == 1 && (s) == 0) || ((o) == 2 && (s) == 1))
#define H(o, s)   hold[(o) * NS + (s)]
#define LED(o, s) led[(o) * NS + (s)]

/* saga steps (SEND_CONFIRMATION / SEND_CANCELLATION are left out: see docs/protocol.md) */
#define S_NONE    0
#define S_RESERVE 1
#define S_AUTH    2
#define S_COMMIT  3
#define S_CAPTURE 4
#define S_VOID    5
#define S_RELEASE 6
/* saga phase */
#define P_FWD  0
#define P_COMP 1
#define P_DONE 2
/* terminal status */
#define T_NONE      0
#define T_COMPLETED 1
#define T_CANCELLED 2
#define T_FAILED    3
/* reservation ledger record */
#define L_NONE      0
#define L_RESERVED  1
#define L_RELEASED  2
#define L_COMMITTED 3
/* REJECTED: the order's reserve was turned down for lack of stock before anything was held for
   it. Only ever inserted where there was no record, and never changed by any statement. */
#define L_REJECTED  4
/* fence lease (fenceUntil): released (LEASE_RELEASED), live, or run out */
#define F_RELEASED 0
#define F_LIVE     1
#define F_EXPIRED  2
/* the provider's PaymentIntent under key authorize-<order> */
#define A_NONE     0
#define A_INFLIGHT 1
#define A_HELD     2
#define A_DECLINED 3
#define A_CAPTURED 4
#define A_CANCELED 5
/* a step's outcome, as the step runner sees it */
#define O_NONE      0
#define O_SUCCEEDED 1
#define O_FAILED    2
#define O_CANCELLED 3
#define O_REQUEUE   4
/* a stock pass's answer */
#define PA_DONE     1
#define PA_BUSY     2
#define PA_REJECTED 3
#define PA_FAILED   4
/* stock request kinds */
#define K_RESERVE 1
#define K_COMMIT  2
#define K_RELEASE 3

/* ---- MongoDB: inventory, item locks, reservation ledger, orders ---- */
short avail[NS] = 1;
short reserved[NS];
short sold[NS];
bit   hold[NO * NS];
byte  fenceOwner[NS];
byte  lease[NS];
/*
 * The fence counter as its holders see it: FC(w, s) while the fence worker w read of SKU s is
 * still the current one (the code's counter is only ever compared for equality with the value a
 * holder read, and only goes up: a take makes every value read before it stale for good).
 */
bit   fcur[(NW + 1) * NS];
#define FC(w, s) fcur[(w) * NS + (s)]
/* the live item lock's owner, 0 when the lock is free or has run out (expiresAt passed) */
byte  lockOwner[NS];
byte  led[NO * NS];

byte  ver[NO] = 1;
byte  step[NO] = S_RESERVE;
byte  phase[NO];
byte  status[NO];
bit   authStarted[NO];
bit   cancelReq[NO];
bit   pastPivot[NO];

/* ---- Redis: one job slot per order (the newest version dispatched) ---- */
bit   jobAvail[NO] = 1;
byte  jobVer[NO] = 1;
/*
 * The order the slot's job carries (libs/saga/src/step-order.snapshot.ts): dispatched right after
 * a transition to a step that reads it (COMMIT, RELEASE) and not started since, it holds the step
 * and authStarted that transition wrote; 0 when the job carries nothing (a first dispatch of
 * another step, a re-queue, a redelivery, the sweep's copy).
 */
byte  jobStep[NO];
bit   jobAs[NO];

/* ---- the payment provider ---- */
byte  auth[NO];
byte  captures[NO];

/* ---- fault budgets ---- */
byte  crashes = NCRASH;
byte  pauses = NPAUSE;
byte  sweeps = NSWEEP;

/*
 * LIVENESS (the `terminates` check under weak fairness): faults must be finite for "every order
 * ends" to hold at all, so a lost provider answer takes from a budget (NLOSS) like crashes and
 * pauses do, and the recovery sweep runs forever (a periodic job: a lost job is always found
 * again) instead of NSWEEP times. It re-dispatches only a job that is lost: none in the queue and
 * no live worker (running or paused) on it. And a re-queue puts the job back only if no other
 * worker holds it (ONLY_HOLDER: BullMQ moves a job only with the lock token of its current
 * holder; the copy of a worker that stalled has lost it). Without these two, copies of a job
 * would come back forever, and two copies whose passes each took one of the order's two locks
 * would re-queue each other forever (the code also breaks that tie with a jittered backoff,
 * libs/queue/src/saga-job.processor.ts#jitteredBackoff, which a model without time or
 * probability cannot show). The safety checks lose answers without a bound and let every copy
 * re-queue: more behaviours, none of them missed.
 */
#ifdef LIVENESS
#ifndef NLOSS
#define NLOSS 1
#endif
byte  losses = NLOSS;
byte  holding[NO]; /* live workers holding a job of the order */
#define CAN_LOSE (losses > 0)
#define LOSE losses--
#ifdef HOLE_NO_SWEEP
/* The liveness check bites: without the sweep, a job lost in a crash leaves its order unfinished. */
#define SWEEP_LEFT false
#else
#define SWEEP_LEFT true
#endif
#define SWEEP_USED skip
#define LOST_JOB(x) (holding[x] == 0)
#define ONLY_HOLDER (holding[o] == 1)
#else
#define CAN_LOSE true
#define LOSE skip
#define SWEEP_LEFT (sweeps > 0)
#define SWEEP_USED sweeps--
#define LOST_JOB(x) true
#define ONLY_HOLDER true
#endif

#if NO == 1
#define ALL_TERMINAL (phase[0] == P_DONE)
#define PICK(c) if :: c(0) -> o = 0 fi
#elif NO == 2
#define ALL_TERMINAL (phase[0] == P_DONE && phase[1] == P_DONE)
#define PICK(c) if :: c(0) -> o = 0 :: c(1) -> o = 1 fi
#else
#define ALL_TERMINAL (phase[0] == P_DONE && phase[1] == P_DONE && phase[2] == P_DONE)
#define PICK(c) if :: c(0) -> o = 0 :: c(1) -> o = 1 :: c(2) -> o = 2 fi
#endif

/*
 * A worker is a loop of atomic steps: each step is ONE command on the database, the queue or the
 * provider, together with the worker's own bookkeeping before the next command (what it computes
 * from what it read is invisible to every other process, so it needs no interleaving point of its
 * own). `pc` names the next command, `s` the SKU it works on. Between two commands the worker may
 * crash or pause past its leases where `cp` allows (CHECKPOINT: 2 = crash or pause, 1 = pause).
 * Local data the worker no longer needs is reset to 0 as soon as it is dead, so that states
 * differing only in it are one state.
 */
#define PC_TAKE        0
#define PC_LOAD        1
#define PC_LOCK        2
#define PC_FENCE       3
#define PC_READ        4
#define PC_GIVE_UP     5
#define PC_LEDGER      6
#define PC_LEDGER_INS  7
#define PC_APPLY       8
#define PC_RECHECK     9
#define PC_END_LEASE  10
#define PC_UNDO       11
#define PC_UNLOCK     12
#define PC_AUTH       13
#define PC_AUTH_ANSWER 14
#define PC_PIVOT      15
#define PC_CAPTURE    16
#define PC_VOID       17
#define PC_REQUEUE    18
#define PC_TRANSITION 19
#define PC_DISPATCH   20
#define PC_REJECT     21

/* the first SKU of order o, and whether SKU x has a next one in the order */
#define FIRST(o)    (HAS(o, 0) -> 0 : 1)
#define HAS_NEXT(x) ((x) == 0 && HAS(o, 1))

/* A paused worker's leases run out: item locks (expiresAt) and fence leases (fenceUntil). */
inline expire_leases() {
  if :: lockOwner[0] == me -> lockOwner[0] = 0 :: else -> skip fi;
  if :: lockOwner[1] == me -> lockOwner[1] = 0 :: else -> skip fi;
  if :: fenceOwner[0] == me && lease[0] == F_LIVE -> lease[0] = F_EXPIRED :: else -> skip fi;
  if :: fenceOwner[1] == me && lease[1] == F_LIVE -> lease[1] = F_EXPIRED :: else -> skip fi
}

/*
 * A worker that is done with the fences of its pass (or dead): nothing it will do reads its fence
 * ownership again, and no other process tells "owned by a worker out of its pass, lease not live"
 * from "no owner, lease released" (they only compare the owner with themselves and the lease
 * with F_LIVE), so the documents are put in that one form. The pass never leaves a live lease.
 */
inline fences_done() {
  FC(me, 0) = 0; FC(me, 1) = 0;
  if :: fenceOwner[0] == me -> assert(lease[0] != F_LIVE); fenceOwner[0] = 0; lease[0] = F_RELEASED :: else -> skip fi;
  if :: fenceOwner[1] == me -> assert(lease[1] != F_LIVE); fenceOwner[1] = 0; lease[1] = F_RELEASED :: else -> skip fi
}

/* BullMQ hands a job whose worker died or stalled to another worker (stalled-job check). */
inline redeliver() {
  if :: jobVer[o] == v -> jobAvail[o] = 1 :: else -> skip fi
}

/* Back to the queue with nothing in mind. */
inline forget() {
#ifdef LIVENESS
  holding[o]--;
#endif
  o = 0; v = 0; st = 0; out = 0; r = 0; cr = 0; as = 0; s = 0; cp = 0; nh = 0;
  held = 0; busy = 0; fenced = 0; applied = 0; moved = 0;
  ma[0] = 0; ma[1] = 0; mh[0] = 0; mh[1] = 0; lo[0] = 0; lo[1] = 0; chg[0] = 0; chg[1] = 0;
  pc = PC_TAKE
}

/* The step's outcome is known: re-queue it, or transition the saga (after a checkpoint). */
inline step_done() {
  held = 0; s = 0; r = 0;
  if
  :: out == O_REQUEUE -> pc = PC_REQUEUE; cp = 0
  :: else -> pc = PC_TRANSITION; cp = 2
  fi
}

/* ---- the stock pass (apps/inventory-worker/src/stock-pass/stock-pass.service.ts) ---- */

/* InventoryLockRepository.acquireMany: one upsert per SKU, free or expired or own. */
inline LOCK(s) {
  if
  :: lockOwner[s] == 0 || lockOwner[s] == me -> lockOwner[s] = me; held = held | (1 << s)
  :: else -> skip
  fi
}

/* InventoryLockRepository.releaseMany: deleteMany({ owner }). */
inline UNLOCK(s) {
  if :: lockOwner[s] == me -> lockOwner[s] = 0 :: else -> skip fi
}

/* The pass ends by releasing the locks it took (none: the step is done). */
inline to_unlock(c) {
  if
  :: held & 1 -> pc = PC_UNLOCK; s = 0; cp = c
  :: (held & 3) == 2 -> pc = PC_UNLOCK; s = 1; cp = c
  :: held == 0 -> step_done()
  fi
}

/* fenceTakeStatement: $inc the fence, unless another holder's lease is live. */
inline FENCE(s) {
  if
  :: lease[s] != F_LIVE || fenceOwner[s] == me ->
#if NW == 2
     FC(1, s) = 0; FC(2, s) = 0;
#else
     FC(1, s) = 0; FC(2, s) = 0; FC(3, s) = 0;
#endif
     fenceOwner[s] = me; lease[s] = F_LIVE
  :: else -> skip
  fi
}

/* takeFences' read: BUSY unless we own the fence; else fence, available and the order's hold. */
inline READ(s) {
  if
  :: fenceOwner[s] != me -> busy = busy | (1 << s)
  :: else -> FC(me, s) = 1; ma[s] = avail[s]; mh[s] = H(o, s); fenced = fenced | (1 << s)
  fi
}

/* leaseReleaseStatement / endLeases: { fenceOwner: owner } -> LEASE_RELEASED. */
inline END_LEASE(s) {
  if :: fenceOwner[s] == me -> lease[s] = F_RELEASED :: else -> skip fi
}

/* A pass that gives up (BUSY, REJECTED) ends the leases it took, then unlocks. */
inline give_up() {
  mh[0] = 0; mh[1] = 0;
  if
  :: fenced & 1 -> pc = PC_GIVE_UP; s = 0; cp = 1
  :: (fenced & 3) == 2 -> pc = PC_GIVE_UP; s = 1; cp = 1
  :: fenced == 0 -> fences_done(); to_unlock(1)
  fi
}

/* ReservationRepository.record: a re-read of the record ("never infer a state"). */
#define REREAD(s) lo[s] = LED(o, s)

#ifdef HOLE_E11000_COMMITTED
#define E11000_ON_RELEASE(s) lo[s] = L_COMMITTED
#else
#define E11000_ON_RELEASE(s) REREAD(s)
#endif

/*
 * ReservationRepository.record, one statement per item. The upserts (RESERVE, RELEASE) are a
 * match-or-insert on the server: LEDGER is the match (COMMIT: the whole statement), LEDGER_INSERT
 * the insert when nothing matched; a concurrent insert of the same _id between the two halves
 * makes the insert fail with E11000. A RELEASE that raced an insert writes its tombstone again.
 * The filters: RESERVE {state: RESERVED}, COMMIT {state: $in [RESERVED, COMMITTED]}, RELEASE
 * {state: $nin [COMMITTED, REJECTED]}; none matches a REJECTED record, so every statement that
 * meets one ends in the re-read (E11000, or COMMIT's unmatched update) and answers REJECTED: for
 * a RELEASE that is its answer (nothing to release), not a race to write again.
 */
inline LEDGER(s) {
  if
  :: st == S_RESERVE -> if :: LED(o, s) == L_RESERVED -> lo[s] = L_RESERVED :: else -> lo[s] = L_NONE fi
  :: st == S_COMMIT -> if :: LED(o, s) == L_RESERVED || LED(o, s) == L_COMMITTED -> LED(o, s) = L_COMMITTED; lo[s] = L_COMMITTED :: else -> REREAD(s) fi
  :: st == S_RELEASE -> if :: LED(o, s) == L_RESERVED || LED(o, s) == L_RELEASED -> LED(o, s) = L_RELEASED; lo[s] = L_RELEASED :: else -> lo[s] = L_NONE fi
  fi
}

inline LEDGER_INSERT(s) {
  if
  :: st == S_RESERVE -> if :: LED(o, s) == L_NONE -> LED(o, s) = L_RESERVED; lo[s] = L_RESERVED :: else -> REREAD(s) fi
  :: st == S_RELEASE -> if :: LED(o, s) == L_NONE -> LED(o, s) = L_RELEASED; lo[s] = L_RELEASED :: else -> E11000_ON_RELEASE(s) fi
  fi
}

/*
 * ReservationRepository.record, a REJECT entry (planLedger writes one for every item of a reserve
 * rejected for lack of stock): the upsert {_id, state: REJECTED} with $setOnInsert {state:
 * REJECTED}. It matches a REJECTED record (kept as it is), inserts one where there is no record,
 * and meets E11000 on a record in any other state, which it re-reads. The item's outcome is the
 * record's state after the statement.
 *
 * One step for the match, the insert and the re-read (where LEDGER and LEDGER_INSERT are two):
 * only whether the outcome is REJECTED is ever used (planStock's nothingHeld), and that cannot
 * change once the record exists: REJECTED is never changed by any statement, no other state ever
 * becomes REJECTED, and no record is deleted. So a match that found REJECTED is final when it
 * runs, and a match that found anything else wrote nothing and left the statement to its insert
 * (and the re-read, whenever it runs, finds a state of the same kind as the insert met): each run
 * of the halves is this one step, taken at the match or at the insert.
 */
#ifdef HOLE_REJECT_WITHOUT_LEDGER
/* The hole: "nothing held" because the pass read no hold of the order; the REJECT statements are
   written, but what they answered is not used. */
#define REJECT_DECIDED nh = (!mh[0] && !mh[1])
#define REJECT_OUTCOME(s) skip
#else
/* planStock: nothingHeld iff every item's ledger outcome is REJECTED. */
#define REJECT_DECIDED nh = 1
#define REJECT_OUTCOME(s) if :: LED(o, s) != L_REJECTED -> nh = 0 :: else -> skip fi
#endif

inline REJECT(s) {
  if :: LED(o, s) == L_NONE -> LED(o, s) = L_REJECTED :: else -> skip fi;
  REJECT_OUTCOME(s)
}

/* planStock / holdsToWrite for one item: the change to write (1 reserve, 2 commit, 3 release). */
#define PLAN(s) \
  if \
  :: HAS(o, s) -> \
     if \
     :: st == S_RESERVE -> if :: lo[s] != L_RESERVED -> moved = 1 :: !mh[s] && lo[s] == L_RESERVED -> chg[s] = K_RESERVE :: else -> skip fi \
     :: st == S_COMMIT -> if :: lo[s] != L_COMMITTED -> moved = 1 :: mh[s] && lo[s] == L_COMMITTED -> chg[s] = K_COMMIT :: else -> skip fi \
     :: st == S_RELEASE -> if :: lo[s] != L_COMMITTED && mh[s] -> chg[s] = K_RELEASE :: else -> skip fi \
     fi \
  :: else -> skip \
  fi

/* The ledger is written: plan the stock changes (the read holds and records are then dead). */
inline plan() {
  if
  :: st == S_RESERVE && (lo[0] == L_REJECTED || lo[1] == L_REJECTED) ->
     /* holdsToWrite: a RESERVE that met REJECTED (an earlier attempt was rejected, its answer
        lost) is rejected too, writing no hold; nothingHeld iff every item's record is REJECTED */
     out = O_FAILED; nh = (!HAS(o, 0) || lo[0] == L_REJECTED) && (!HAS(o, 1) || lo[1] == L_REJECTED);
     lo[0] = 0; lo[1] = 0; give_up()
  :: else ->
     PLAN(0); PLAN(1);
     if :: moved -> chg[0] = 0; chg[1] = 0 :: else -> skip fi;
     lo[0] = 0; lo[1] = 0; mh[0] = 0; mh[1] = 0;
     pc = PC_APPLY; s = FIRST(o); cp = 1
  fi
}

#ifdef HOLE_LEASE_ONLY_UNCHECKED
/* The historical hole: a SKU the pass fenced but did not change counted for nothing in its answer. */
#define KEEP_LEASE_ONLY(s) skip
#define LOST(s) (chg[s] != 0 && !(applied & (1 << s)))
#else
/* applyChanges answers for lease-only SKUs too: kept iff the lease was still the pass's own. */
#define KEEP_LEASE_ONLY(s) applied = applied | (1 << s)
/* A DONE answer needs every SKU of the order the pass fenced to be kept to the end (lostSku). */
#define LOST(s) (HAS(o, s) && (fenced & (1 << s)) && !(applied & (1 << s)))
#endif

/* stockChangeStatement: guarded by fence, fence owner, holds and available; ends the lease. */
inline APPLY(s) {
  if
  :: chg[s] != 0 ->
     if
     :: FC(me, s) && fenceOwner[s] == me &&
        ((chg[s] == K_RESERVE && H(o, s) == 0 && avail[s] >= 1) || (chg[s] != K_RESERVE && H(o, s) == 1)) ->
        if
        :: chg[s] == K_RESERVE -> avail[s]--; reserved[s]++; H(o, s) = 1
        :: chg[s] == K_COMMIT -> reserved[s]--; sold[s]++; H(o, s) = 0
        :: chg[s] == K_RELEASE -> reserved[s]--; avail[s]++; H(o, s) = 0
        fi;
        lease[s] = F_RELEASED; applied = applied | (1 << s)
     :: else -> skip
     fi
  :: fenced & (1 << s) && chg[s] == 0 ->
     if :: fenceOwner[s] == me -> lease[s] = F_RELEASED; KEEP_LEASE_ONLY(s) :: else -> skip fi
  :: else -> skip
  fi
}

/* applyChanges' re-read when a statement did not match: applied iff our lease was released. */
#define NEEDS_RECHECK(x) (chg[x] != 0 && !(applied & (1 << (x))))
inline RECHECK(s) {
  if :: fenceOwner[s] == me && lease[s] == F_RELEASED -> applied = applied | (1 << s) :: else -> skip fi
}

/* The pass's answer (DONE or FAILED); then a checkpoint, then the locks are released. */
inline answer() {
  if
  :: moved || LOST(0) || LOST(1) -> out = O_REQUEUE /* FAILED: the job is retried */
  :: else -> out = O_SUCCEEDED /* DONE */
  fi;
  fences_done();
  chg[0] = 0; chg[1] = 0; applied = 0; moved = 0; fenced = 0;
#ifdef HOLE_UNFENCED_UNDO
  if :: st == S_RESERVE && out == O_REQUEUE -> pc = PC_UNDO; s = FIRST(o); cp = 0 :: else -> to_unlock(2) fi
#else
  to_unlock(2)
#endif
}

inline recheck_from1() {
  if :: NEEDS_RECHECK(1) -> pc = PC_RECHECK; s = 1 :: else -> answer() fi
}
inline recheck_from0() {
  if :: NEEDS_RECHECK(0) -> pc = PC_RECHECK; s = 0 :: else -> recheck_from1() fi
}
inline recheck_next() {
  if :: s == 0 -> recheck_from1() :: else -> answer() fi
}

#ifdef HOLE_UNFENCED_UNDO
/* The historical hole: a reserve that failed half-way undid the order's holds and deleted its
 * ledger records itself, guarded by nothing but the hold. */
inline UNDO(s) {
  if :: H(o, s) == 1 -> H(o, s) = 0; reserved[s]--; avail[s]++ :: else -> skip fi; LED(o, s) = L_NONE
}
#endif

/*
 * POST /v1/payment_intents under Idempotency-Key authorize-<order>, as AUTHORIZE_PAYMENT sends it
 * and VOID_PAYMENT replays it: the first request is received and lands later (Provider); a
 * replay while it is in progress gets 409; a replay afterwards gets what was made. The answer
 * may never come (a timeout): r = 0 then, as for a 409 (ProviderUnavailableError, re-queued).
 * authorize() sends; AUTH_ANSWER is the answer to a first request, read once it came (or not).
 */
inline authorize() {
  if
  :: auth[o] == A_NONE -> auth[o] = A_INFLIGHT; r = A_INFLIGHT
  :: auth[o] == A_INFLIGHT -> r = 0
  :: else -> r = auth[o]
  fi
}

/* AuthorizePaymentHandler's outcome, or VoidPaymentHandler's next command (cancel the holds). */
inline authorized() {
  if
  :: st == S_AUTH ->
     if :: r == 0 -> out = O_REQUEUE :: r == A_DECLINED -> out = O_FAILED :: else -> out = O_SUCCEEDED fi;
     step_done()
  :: else ->
     if :: r == 0 -> out = O_REQUEUE; step_done() :: else -> r = 0; pc = PC_VOID; cp = 2 fi
  fi
}

#define INFLIGHT_AT(x) (auth[x] == A_INFLIGHT)

/* ---- the payment provider's asynchronous side: a request it received lands later ---- */
active proctype Provider() {
  byte o;
end:
  do
  :: atomic {
       (auth[0] == A_INFLIGHT || auth[NO / 2] == A_INFLIGHT || auth[NO - 1] == A_INFLIGHT) ->
       PICK(INFLIGHT_AT);
       if
       :: auth[o] = A_HELD
       :: o == NO - 1 -> auth[o] = A_DECLINED /* the last order's card may be declined */
       fi;
       o = 0
     }
  od
}

/* ---- a customer's or operator's cancel (OrderRepository.requestCancel) ---- */
active proctype Customer() {
end:
  do
  :: atomic { NCANCEL > 0 && phase[0] == P_FWD && !pastPivot[0] && !cancelReq[0] -> cancelReq[0] = 1 }
  :: atomic { NCANCEL > 1 && phase[1] == P_FWD && !pastPivot[1] && !cancelReq[1] -> cancelReq[1] = 1 }
  od
}

/* ---- the recovery sweep (SagaRecoveryService.sweep + OrderRepository.claimStuck) ---- */
#define STUCK(x) (phase[x] != P_DONE && !jobAvail[x] && LOST_JOB(x))
active proctype Sweep() {
  byte o;
end:
  do
  :: atomic {
       SWEEP_LEFT && (STUCK(0) || STUCK(NO / 2) || STUCK(NO - 1)) ->
       PICK(STUCK);
       SWEEP_USED;
       if :: jobVer[o] < ver[o] -> jobVer[o] = ver[o] :: else -> skip fi;
       jobAvail[o] = 1; /* the sweep's copy carries no order (jobStep[o] is 0: the slot was empty) */
       o = 0
     }
  od
}

#define JOB_AT(x) jobAvail[x]

/* ---- a worker process: SagaJobProcessor.process -> SagaStepRunner.runStep ---- */
proctype Worker(byte me) {
  byte pc, cp, s;
  byte o, v, st, out, r;
  bit cr, as;
  bit nh; /* a REJECTED answer's nothingHeld, until the transition */
  byte held, busy, fenced, applied, moved;
  byte ma[NS];
  bit mh[NS];
  byte lo[NS];
  byte chg[NS];

end:
  do
  /* take a job (a duplicate delivery is the sweep's second copy or a redelivery) */
  :: atomic { pc == PC_TAKE && (jobAvail[0] || jobAvail[NO / 2] || jobAvail[NO - 1]) ->
       PICK(JOB_AT); jobAvail[o] = 0; v = jobVer[o];
       st = jobStep[o]; as = jobAs[o]; jobStep[o] = 0; jobAs[o] = 0; /* a first start: what the job carries (once) */
       pc = PC_LOAD;
#ifdef LIVENESS
       holding[o]++
#endif
     }

  /* loadForStep + the version check (a stale or duplicate job is dropped); SagaStepRunner.execute.
     A first start of a job that carries the order reads neither: it goes to its step with what the
     dispatching transition wrote, and its first write (the pivot claim, the fenced pass) decides. */
  :: atomic { pc == PC_LOAD ->
       if
       :: st == S_COMMIT -> cp = 2; pc = PC_PIVOT
       :: st == S_RELEASE -> cp = 2; pc = PC_LOCK; s = FIRST(o)
       :: st == S_NONE && ver[o] != v -> forget()
       :: st == S_NONE && ver[o] == v ->
          st = step[o]; as = authStarted[o]; cp = 2;
          /* the cancel flag matters later only for the steps that may still see it succeed */
          cr = cancelReq[o] && (st == S_RESERVE || st == S_AUTH);
          if
          :: cancelReq[o] && !pastPivot[o] && (st == S_RESERVE || st == S_AUTH || st == S_COMMIT) -> out = O_CANCELLED; pc = PC_TRANSITION
          :: else ->
             if
             :: st == S_RESERVE || st == S_RELEASE -> pc = PC_LOCK; s = FIRST(o)
             :: st == S_AUTH -> pc = PC_AUTH
             :: st == S_COMMIT -> pc = PC_PIVOT
             :: st == S_CAPTURE -> pc = PC_CAPTURE
#ifndef HOLE_VOID_NO_REPLAY
             :: st == S_VOID -> pc = PC_AUTH /* voidOrder: replay the authorization (same key) first */
#else
             :: st == S_VOID -> pc = PC_VOID /* the hole: cancel only what can be seen */
#endif
             fi
          fi
       fi }

  /* ---- stock pass: LOCK each SKU, then (all held) FENCE each, READ each ---- */
  :: atomic { pc == PC_LOCK -> cp = 0; LOCK(s);
       if
       :: HAS_NEXT(s) -> s = 1
       :: else ->
          if
          :: (HAS(o, 0) && !(held & 1)) || (HAS(o, 1) && !(held & 2)) -> out = O_REQUEUE; to_unlock(0) /* BUSY */
          :: else -> pc = PC_FENCE; s = FIRST(o); cp = 1
          fi
       fi }
  :: atomic { pc == PC_FENCE -> cp = 0; FENCE(s);
       if :: HAS_NEXT(s) -> s = 1 :: else -> pc = PC_READ; s = FIRST(o) fi }
  :: atomic { pc == PC_READ -> READ(s);
       if
       :: HAS_NEXT(s) -> s = 1
       :: else ->
          /* BUSY, the REJECTED decision (all or nothing: planLedger; then a REJECT ledger entry
             for every item, then give up), or write the ledger */
          if
          :: busy != 0 -> out = O_REQUEUE; give_up()
          :: busy == 0 && st == S_RESERVE && ((HAS(o, 0) && !mh[0] && ma[0] < 1) || (HAS(o, 1) && !mh[1] && ma[1] < 1)) ->
             out = O_FAILED; REJECT_DECIDED; mh[0] = 0; mh[1] = 0; pc = PC_REJECT; s = FIRST(o); cp = 1
          :: else -> pc = PC_LEDGER; s = FIRST(o); cp = 1
          fi;
          busy = 0; ma[0] = 0; ma[1] = 0
       fi }
  /* the rejected reserve's REJECT entries (one bulk with the ledger's other entries), then it gives up */
  :: atomic { pc == PC_REJECT -> cp = 0; REJECT(s);
       if :: HAS_NEXT(s) -> s = 1 :: else -> give_up() fi }
  :: atomic { pc == PC_GIVE_UP -> cp = 0; END_LEASE(s);
       if :: s == 0 && (fenced & 2) -> s = 1 :: else -> fences_done(); fenced = 0; to_unlock(0) fi }

  /* ---- ledger, then the changes (APPLY each SKU, RECHECK and END_LEASE what did not match) ---- */
  :: atomic { pc == PC_LEDGER -> cp = 0; LEDGER(s);
       if
       :: lo[s] == L_NONE && st != S_COMMIT -> pc = PC_LEDGER_INS
       :: else -> if :: HAS_NEXT(s) -> s = 1 :: else -> plan() fi
       fi }
  :: atomic { pc == PC_LEDGER_INS -> LEDGER_INSERT(s);
       if
       :: st == S_RELEASE && lo[s] == L_RESERVED -> pc = PC_LEDGER /* raced an insert: write it again */
       :: else -> pc = PC_LEDGER; if :: HAS_NEXT(s) -> s = 1 :: else -> plan() fi
       fi }
  :: atomic { pc == PC_APPLY -> cp = 0; APPLY(s);
       if :: HAS_NEXT(s) -> s = 1 :: else -> recheck_from0() fi }
  :: atomic { pc == PC_RECHECK -> RECHECK(s);
       if :: !(applied & (1 << s)) -> pc = PC_END_LEASE :: else -> recheck_next() fi }
  :: atomic { pc == PC_END_LEASE -> END_LEASE(s); recheck_next() }
#ifdef HOLE_UNFENCED_UNDO
  :: atomic { pc == PC_UNDO -> UNDO(s);
       if :: HAS_NEXT(s) -> s = 1 :: else -> to_unlock(2) fi }
#endif
  :: atomic { pc == PC_UNLOCK -> cp = 0; UNLOCK(s);
       if :: s == 0 && (held & 2) -> s = 1 :: else -> step_done() fi }

  /* ---- AuthorizePaymentHandler (Idempotency-Key authorize-<order>), and VOID's replay of it ---- */
  :: atomic { pc == PC_AUTH -> cp = 0; authorize();
       if :: r == A_INFLIGHT -> pc = PC_AUTH_ANSWER :: else -> authorized() fi }
  :: atomic { pc == PC_AUTH_ANSWER && (auth[o] != A_INFLIGHT || CAN_LOSE) ->
       if
       :: auth[o] != A_INFLIGHT -> r = auth[o]
       :: CAN_LOSE -> LOSE; r = 0 /* the answer never came */
       fi;
       authorized() }

  /* ---- CommitStockHandler: OrderRepository.claimPivot, then the pass ---- */
  :: atomic { pc == PC_PIVOT ->
       if :: ver[o] == v && !cancelReq[o] -> pastPivot[o] = 1 :: else -> skip fi;
       cp = 2;
       if
       :: pastPivot[o] && ver[o] == v -> pc = PC_LOCK; s = FIRST(o)
       :: else -> out = O_CANCELLED; pc = PC_TRANSITION
       fi }

  /* ---- CapturePaymentHandler: Idempotency-Key capture-<order> ---- */
  :: atomic { pc == PC_CAPTURE -> cp = 0;
       if
       :: auth[o] == A_HELD -> auth[o] = A_CAPTURED; captures[o]++; r = 1
       :: auth[o] == A_CAPTURED -> r = 1
       :: auth[o] == A_INFLIGHT -> r = 0
       :: else -> r = 2 /* NOT_CAPTURABLE */
       fi;
       if
       :: r == 1 -> out = O_SUCCEEDED
       :: r == 1 && CAN_LOSE -> LOSE; out = O_REQUEUE /* the answer was lost: retried with the same key */
       :: r == 0 -> out = O_REQUEUE
       :: r == 2 -> out = O_FAILED
       fi;
       step_done() }

  /* ---- voidOrder: cancel each authorization still holding funds ---- */
  :: atomic { pc == PC_VOID -> cp = 0;
       if
       :: auth[o] == A_HELD -> auth[o] = A_CANCELED; out = O_SUCCEEDED
       :: auth[o] == A_CAPTURED -> out = O_REQUEUE /* captured on void: thrown, retried */
       :: else -> out = O_SUCCEEDED
       fi;
       step_done() }

  /* LockBusyError / ProviderUnavailableError / a retried error: the same job, later */
  :: atomic { pc == PC_REQUEUE -> if :: jobVer[o] == v && ONLY_HOLDER -> jobAvail[o] = 1 :: else -> skip fi; forget() }

  /* advanceSaga + OrderRepository.transition (version-guarded) */
  :: atomic { pc == PC_TRANSITION -> cp = 0;
       if
       :: ver[o] != v -> forget() /* STALE */
       :: else ->
          ver[o]++;
          if
          :: st == S_AUTH -> authStarted[o] = 1; as = 1
          :: else -> skip
          fi;
          if
          :: phase[o] == P_FWD ->
             if
             :: out == O_FAILED && (st == S_COMMIT || st == S_CAPTURE) -> phase[o] = P_DONE; status[o] = T_FAILED; step[o] = S_NONE
             /* a rejected reserve that proved it holds nothing: its RELEASE_STOCK is skipped, and at
                RESERVE nothing else was started (no VOID), so only the notice is left: CANCELLED */
             :: out == O_FAILED && st == S_RESERVE && nh -> assert(!as); phase[o] = P_DONE; status[o] = T_CANCELLED; step[o] = S_NONE
             :: out != O_SUCCEEDED && !(out == O_FAILED && (st == S_COMMIT || st == S_CAPTURE)) && !(out == O_FAILED && st == S_RESERVE && nh) ->
                phase[o] = P_COMP; step[o] = (as -> S_VOID : S_RELEASE)
             :: out == O_SUCCEEDED && cr && (st == S_RESERVE || st == S_AUTH) -> phase[o] = P_COMP; step[o] = (as -> S_VOID : S_RELEASE)
             :: out == O_SUCCEEDED && !(cr && (st == S_RESERVE || st == S_AUTH)) ->
                if
                :: st == S_CAPTURE -> phase[o] = P_DONE; status[o] = T_COMPLETED; step[o] = S_NONE
                :: else -> step[o] = st + 1
                fi
             fi
          :: else -> /* compensating */
             if
             :: st == S_VOID -> step[o] = S_RELEASE
             :: else -> phase[o] = P_DONE; status[o] = T_CANCELLED; step[o] = S_NONE
             fi
          fi;
          st = step[o]; out = 0; cr = 0; nh = 0; /* what this transition wrote: the next job may carry it */
          pc = PC_DISPATCH; cp = 2
       fi }

  /* StepDispatcher.dispatch of the next step */
  :: atomic { pc == PC_DISPATCH -> cp = 0;
       if
       :: phase[o] != P_DONE && jobVer[o] < v + 1 -> jobVer[o] = v + 1; jobAvail[o] = 1;
          if
          :: st == S_COMMIT || st == S_RELEASE -> jobStep[o] = st; jobAs[o] = as
          :: else -> skip
          fi
       :: else -> skip
       fi;
       forget() }

  /*
   * CHECKPOINT, between two commands: a crash (start over from the queue; the leases run out) or
   * a pause past every lease (BullMQ hands the job to another worker; this one carries on later
   * with what it had read). Inside a stock pass only pauses are explored (cp == 1): a crash there
   * is no different from one at the pass's end.
   */
  :: atomic { cp == 2 && crashes > 0 -> crashes--;
       if :: lockOwner[0] == me -> lockOwner[0] = 0 :: else -> skip fi;
       if :: lockOwner[1] == me -> lockOwner[1] = 0 :: else -> skip fi;
       fences_done(); redeliver(); forget() }
  :: atomic { cp != 0 && pauses > 0 -> pauses--; expire_leases(); redeliver(); cp = 0 }
  od
}

#ifndef LIVENESS /* the liveness check needs no safety monitor (they stay blocked), and fairness costs per process */
/* ---- invariants: each monitor waits for its invariant to break, then fails its assertion ---- */

#define FOR_S(e) ((e(0)) && (e(1)))
#if NO == 1
#define FOR_O(e) (e(0))
#elif NO == 2
#define FOR_O(e) ((e(0)) && (e(1)))
#else
#define FOR_O(e) ((e(0)) && (e(1)) && (e(2)))
#endif

#define NONNEG(s) (avail[s] >= 0 && reserved[s] >= 0 && sold[s] >= 0)
#define STOCK_NEVER_NEGATIVE FOR_S(NONNEG)
active proctype inv_stock_never_negative() { end: atomic { !STOCK_NEVER_NEGATIVE -> assert(STOCK_NEVER_NEGATIVE) } }

#define HELD_BY(o, s) (HAS(o, s) && H(o, s) == 1)
#if NO == 1
#define HOLDS(s) (HELD_BY(0, s))
#define BOUGHT(s) (HAS(0, s) && pastPivot[0])
#elif NO == 2
#define HOLDS(s) (HELD_BY(0, s) + HELD_BY(1, s))
#define BOUGHT(s) ((HAS(0, s) && pastPivot[0]) + (HAS(1, s) && pastPivot[1]))
#else
#define HOLDS(s) (HELD_BY(0, s) + HELD_BY(1, s) + HELD_BY(2, s))
#define BOUGHT(s) ((HAS(0, s) && pastPivot[0]) + (HAS(1, s) && pastPivot[1]) + (HAS(2, s) && pastPivot[2]))
#endif
#define CONSERVED(s) (avail[s] + reserved[s] + sold[s] == 1 && reserved[s] == HOLDS(s))
#define STOCK_CONSERVED FOR_S(CONSERVED)
active proctype inv_stock_conserved() { end: atomic { !STOCK_CONSERVED -> assert(STOCK_CONSERVED) } }

#define NO_HOLD(s) (reserved[s] == 0)
#define NO_HOLD_LEFT (!ALL_TERMINAL || FOR_S(NO_HOLD))
active proctype inv_no_hold_left() { end: atomic { !NO_HOLD_LEFT -> assert(NO_HOLD_LEFT) } }

#define SOLD_OK(s) (sold[s] == BOUGHT(s))
#define SOLD_MATCHES (!ALL_TERMINAL || FOR_S(SOLD_OK))
active proctype inv_sold_matches_completed() { end: atomic { !SOLD_MATCHES -> assert(SOLD_MATCHES) } }

#define CAPTURED_ONCE_AT(o) (captures[o] <= 1 && (status[o] != T_COMPLETED || captures[o] == 1) && (captures[o] == 0 || pastPivot[o]))
#define CAPTURED_ONCE FOR_O(CAPTURED_ONCE_AT)
active proctype inv_captured_once() { end: atomic { !CAPTURED_ONCE -> assert(CAPTURED_ONCE) } }

#define NO_MONEY_AT(o) (status[o] != T_CANCELLED || (captures[o] == 0 && auth[o] != A_HELD && auth[o] != A_INFLIGHT))
#define CANCELLED_NO_MONEY FOR_O(NO_MONEY_AT)
active proctype inv_cancelled_moves_no_money() { end: atomic { !CANCELLED_NO_MONEY -> assert(CANCELLED_NO_MONEY) } }

#define XOR_AT(o) (!pastPivot[o] || (phase[o] != P_COMP && status[o] != T_CANCELLED))
#define CANCEL_XOR_PIVOT FOR_O(XOR_AT)
active proctype inv_cancel_xor_pivot() { end: atomic { !CANCEL_XOR_PIVOT -> assert(CANCEL_XOR_PIVOT) } }

#define TOMB(o, s) (!HAS(o, s) || LED(o, s) == L_RELEASED || LED(o, s) == L_REJECTED)
#define TOMBS_AT(o) (status[o] != T_CANCELLED || (TOMB(o, 0) && TOMB(o, 1)))
#define TOMBSTONES FOR_O(TOMBS_AT)
active proctype inv_tombstones() { end: atomic { !TOMBSTONES -> assert(TOMBSTONES) } }

#define KEPT(o, s) (!HAS(o, s) || (H(o, s) == 1 && LED(o, s) == L_RESERVED) || LED(o, s) == L_COMMITTED)
#define KEPT_AT(o) (phase[o] != P_FWD || step[o] == S_RESERVE || (KEPT(o, 0) && KEPT(o, 1)))
#define RESERVED_STAYS_HELD FOR_O(KEPT_AT)
active proctype inv_reserved_stays_held() { end: atomic { !RESERVED_STAYS_HELD -> assert(RESERVED_STAYS_HELD) } }

#endif

/* liveness (npm run model -- --large, with weak fairness): every order ends */
ltl terminates { <> ALL_TERMINAL }

init {
  byte i = 1;
  atomic {
    do
    :: i <= NW -> run Worker(i); i++
    :: else -> break
    od
  }
}
