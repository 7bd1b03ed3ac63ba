/*
 * The order saga's protocol as the code implements it, for SPIN. See docs/protocol.md for the
 * prose, the mapping of every step below to its file and function, and what is abstracted.
 *
 * One `atomic` block = one single-document operation of MongoDB (the only atomicity the code
 * relies on: no transactions). A bulk of several statements is several blocks, and anything may
 * happen between them. Between the commands of a step (CHECKPOINT) a worker may crash (its
 * local state is lost, its job is delivered again) or pause past its leases (its item locks and
 * fence leases expire, its job is delivered again to another worker, and it carries on later
 * with what it had read).
 *
 * Configuration (-D on the command line): NW workers, NO orders (2 or 3), NCRASH crashes,
 * NPAUSE pauses, NSWEEP re-dispatches by the recovery sweep. Two SKUs; order 0 buys one of each,
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
byte  fence[NS];
/* the fence each worker read (only equality with fence[] matters: see FENCE) */
byte  mfen[(NW + 1) * NS];
#define MF(w, s) mfen[(w) * NS + (s)]
byte  fenceOwner[NS];
byte  lease[NS];
byte  lockOwner[NS];
bit   lockLive[NS];
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

/* ---- the payment provider ---- */
byte  auth[NO];
byte  captures[NO];

/* ---- fault budgets ---- */
byte  crashes = NCRASH;
byte  pauses = NPAUSE;
byte  sweeps = NSWEEP;

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

/* A worker's leases run out (it paused past them, or died): item locks and fence leases. */
inline expire_leases() {
  if :: lockOwner[0] == me -> lockLive[0] = 0 :: else -> skip fi;
  if :: lockOwner[1] == me -> lockLive[1] = 0 :: else -> skip fi;
  if :: fenceOwner[0] == me && lease[0] == F_LIVE -> lease[0] = F_EXPIRED :: else -> skip fi;
  if :: fenceOwner[1] == me && lease[1] == F_LIVE -> lease[1] = F_EXPIRED :: else -> skip fi
}

/* BullMQ hands a job whose worker died or stalled to another worker (stalled-job check). */
inline redeliver() {
  if :: jobVer[o] == v -> jobAvail[o] = 1 :: else -> skip fi
}

/*
 * Between two commands: nothing, a crash (start over from the queue) or a pause past every
 * lease (carry on later with what was read).
 */
#define CHECKPOINT \
  if \
  :: true -> skip \
  :: crashes > 0 -> atomic { crashes--; expire_leases(); redeliver() }; goto idle \
  :: pauses > 0 -> atomic { pauses--; expire_leases(); redeliver() } \
  fi

/* Inside a stock pass a crash is no different from one at the pass's end (locks expire, the
 * job is delivered again): only pauses are explored there, to keep the state space small. */
#define PAUSEPOINT \
  if \
  :: true -> skip \
  :: pauses > 0 -> atomic { pauses--; expire_leases(); redeliver() } \
  fi

/* ---- the stock pass (apps/inventory-worker/src/stock-pass/stock-pass.service.ts) ---- */

/* InventoryLockRepository.acquireMany: one upsert per SKU, free or expired or own. */
#define LOCK(s) \
  if \
  :: HAS(o, s) -> atomic { \
       if \
       :: lockOwner[s] == 0 || !lockLive[s] || lockOwner[s] == me -> lockOwner[s] = me; lockLive[s] = 1; held = held | (1 << s) \
       :: else -> skip \
       fi } \
  :: else -> skip \
  fi

/* InventoryLockRepository.releaseMany: deleteMany({ owner }). */
#define UNLOCK(s) \
  if \
  :: held & (1 << s) -> atomic { if :: lockOwner[s] == me -> lockOwner[s] = 0; lockLive[s] = 0 :: else -> skip fi } \
  :: else -> skip \
  fi

/*
 * fenceTakeStatement: the next fence, unless another holder's lease is live. The code's fence is
 * a counter ($inc) and is only ever compared for equality with the value a holder read, so the
 * model takes the smallest value that is neither the current one nor one any worker still holds:
 * the same comparisons, in a finite state space.
 */
#if NW == 2
#define FRESH(s) (f != fence[s] && f != MF(1, s) && f != MF(2, s))
#else
#define FRESH(s) (f != fence[s] && f != MF(1, s) && f != MF(2, s) && f != MF(3, s))
#endif
#define FENCE(s) \
  if \
  :: HAS(o, s) -> atomic { \
       if \
       :: lease[s] != F_LIVE || fenceOwner[s] == me -> \
          f = 1; do :: !FRESH(s) -> f++ :: else -> break od; \
          fence[s] = f; f = 0; fenceOwner[s] = me; lease[s] = F_LIVE \
       :: else -> skip \
       fi } \
  :: else -> skip \
  fi

/* takeFences' read: BUSY unless we own the fence; else fence, available and the order's hold. */
#define READ(s) \
  if \
  :: HAS(o, s) -> atomic { \
       if \
       :: fenceOwner[s] != me -> busy = busy | (1 << s) \
       :: else -> MF(me, s) = fence[s]; ma[s] = avail[s]; mh[s] = H(o, s); fenced = fenced | (1 << s) \
       fi } \
  :: else -> skip \
  fi

/* leaseReleaseStatement / endLeases: { fenceOwner: owner } -> LEASE_RELEASED. */
#define END_LEASE(s) \
  if \
  :: fenced & (1 << s) -> atomic { if :: fenceOwner[s] == me -> lease[s] = F_RELEASED :: else -> skip fi } \
  :: else -> skip \
  fi

/* ReservationRepository.record: a re-read of the record ("never infer a state"). */
#define REREAD(s) lo[s] = LED(o, s)

/*
 * ReservationRepository.record, one statement per item. The upserts (RESERVE, RELEASE) are a
 * match-or-insert on the server: a concurrent insert of the same _id between the two halves
 * makes the insert fail with E11000.
 */
#define LEDGER(s) \
  if \
  :: HAS(o, s) -> \
     if \
     :: K == K_RESERVE -> \
        atomic { if :: LED(o, s) == L_RESERVED -> lo[s] = L_RESERVED :: else -> lo[s] = L_NONE fi }; \
        if \
        :: lo[s] == L_NONE -> atomic { if :: LED(o, s) == L_NONE -> LED(o, s) = L_RESERVED; lo[s] = L_RESERVED :: else -> REREAD(s) fi } \
        :: else -> skip \
        fi \
     :: K == K_COMMIT -> \
        atomic { if :: LED(o, s) == L_RESERVED || LED(o, s) == L_COMMITTED -> LED(o, s) = L_COMMITTED; lo[s] = L_COMMITTED :: else -> REREAD(s) fi } \
     :: K == K_RELEASE -> \
        do \
        :: atomic { if :: LED(o, s) == L_RESERVED || LED(o, s) == L_RELEASED -> LED(o, s) = L_RELEASED; lo[s] = L_RELEASED :: else -> lo[s] = L_NONE fi }; \
           if \
           :: lo[s] == L_NONE -> atomic { if :: LED(o, s) == L_NONE -> LED(o, s) = L_RELEASED; lo[s] = L_RELEASED :: else -> E11000_ON_RELEASE(s) fi } \
           :: else -> skip \
           fi; \
           if \
           :: lo[s] == L_RESERVED -> skip /* raced an insert: write it again */ \
           :: else -> break \
           fi \
        od \
     fi \
  :: else -> skip \
  fi

#ifdef HOLE_E11000_COMMITTED
#define E11000_ON_RELEASE(s) lo[s] = L_COMMITTED
#else
#define E11000_ON_RELEASE(s) REREAD(s)
#endif

/* planStock / holdsToWrite for one item: the change to write (1 reserve, 2 commit, 3 release). */
#define PLAN(s) \
  if \
  :: HAS(o, s) -> \
     if \
     :: K == K_RESERVE -> if :: lo[s] != L_RESERVED -> moved = 1 :: !mh[s] && lo[s] == L_RESERVED -> chg[s] = K_RESERVE :: else -> skip fi \
     :: K == K_COMMIT -> if :: lo[s] != L_COMMITTED -> moved = 1 :: mh[s] && lo[s] == L_COMMITTED -> chg[s] = K_COMMIT :: else -> skip fi \
     :: K == K_RELEASE -> if :: lo[s] != L_COMMITTED && mh[s] -> chg[s] = K_RELEASE :: else -> skip fi \
     fi \
  :: else -> skip \
  fi

/* stockChangeStatement: guarded by fence, fence owner, holds and available; ends the lease. */
#define APPLY(s) \
  if \
  :: chg[s] != 0 -> atomic { \
       if \
       :: fence[s] == MF(me, s) && fenceOwner[s] == me && \
          ((chg[s] == K_RESERVE && H(o, s) == 0 && avail[s] >= 1) || (chg[s] != K_RESERVE && H(o, s) == 1)) -> \
          if \
          :: chg[s] == K_RESERVE -> avail[s]--; reserved[s]++; H(o, s) = 1 \
          :: chg[s] == K_COMMIT -> reserved[s]--; sold[s]++; H(o, s) = 0 \
          :: chg[s] == K_RELEASE -> reserved[s]--; avail[s]++; H(o, s) = 0 \
          fi; \
          lease[s] = F_RELEASED; applied = applied | (1 << s) \
       :: else -> skip \
       fi } \
  :: fenced & (1 << s) && chg[s] == 0 -> \
     atomic { if :: fenceOwner[s] == me -> lease[s] = F_RELEASED; KEEP_LEASE_ONLY(s) :: else -> skip fi } \
  :: else -> skip \
  fi

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

/* applyChanges' re-read when a statement did not match: applied iff our lease was released. */
#define RECHECK(s) \
  if \
  :: chg[s] != 0 && !(applied & (1 << s)) -> \
     atomic { if :: fenceOwner[s] == me && lease[s] == F_RELEASED -> applied = applied | (1 << s) :: else -> skip fi }; \
     if :: !(applied & (1 << s)) -> END_LEASE(s) :: else -> skip fi \
  :: else -> skip \
  fi

#ifdef HOLE_UNFENCED_UNDO
/* The historical hole: a reserve that failed half-way undid the order's holds and deleted its
 * ledger records itself, guarded by nothing but the hold. */
#define UNDO(s) \
  if \
  :: HAS(o, s) -> atomic { if :: H(o, s) == 1 -> H(o, s) = 0; reserved[s]--; avail[s]++ :: else -> skip fi; LED(o, s) = L_NONE } \
  :: else -> skip \
  fi
#endif

/*
 * One pass serving one request of kind K for order o; sets `pa`. The code batches every waiting
 * request of a process into one pass; one request per pass is the case the guards must hold in.
 */
inline stock_pass(K) {
  LOCK(0); LOCK(1);
  if
  :: (HAS(o, 0) && !(held & 1)) || (HAS(o, 1) && !(held & 2)) -> UNLOCK(0); UNLOCK(1); pa = PA_BUSY
  :: else ->
     PAUSEPOINT;
     FENCE(0); FENCE(1);
     READ(0); READ(1);
     PAUSEPOINT;
     if
     :: busy != 0 -> END_LEASE(0); END_LEASE(1); pa = PA_BUSY
     :: busy == 0 && K == K_RESERVE && ((HAS(o, 0) && !mh[0] && ma[0] < 1) || (HAS(o, 1) && !mh[1] && ma[1] < 1)) ->
        END_LEASE(0); END_LEASE(1); pa = PA_REJECTED
     :: else ->
        LEDGER(0); LEDGER(1);
        PAUSEPOINT;
        PLAN(0); PLAN(1);
        if :: moved -> chg[0] = 0; chg[1] = 0 :: else -> skip fi;
        APPLY(0); APPLY(1);
        RECHECK(0); RECHECK(1);
        if
        :: moved -> pa = PA_FAILED
        :: LOST(0) || LOST(1) -> pa = PA_FAILED /* lost the lock (fenced) */
        :: else -> pa = PA_DONE
        fi;
#ifdef HOLE_UNFENCED_UNDO
        if :: K == K_RESERVE && pa == PA_FAILED -> UNDO(0); UNDO(1) :: else -> skip fi;
#endif
        CHECKPOINT
     fi;
     UNLOCK(0); UNLOCK(1)
  fi
}

#define INFLIGHT_AT(x) (auth[x] == A_INFLIGHT)

/*
 * POST /v1/payment_intents under Idempotency-Key authorize-<order>, as AUTHORIZE_PAYMENT sends it
 * and VOID_PAYMENT replays it: the first request is received and lands later (Provider); a
 * replay while it is in progress gets 409; a replay afterwards gets what was made. The answer
 * may never come (a timeout): r = 0 then, as for a 409 (ProviderUnavailableError, re-queued).
 */
inline authorize() {
  atomic {
    if
    :: auth[o] == A_NONE -> auth[o] = A_INFLIGHT; r = A_INFLIGHT
    :: auth[o] == A_INFLIGHT -> r = 0
    :: else -> r = auth[o]
    fi
  };
  if
  :: r == A_INFLIGHT ->
     if
     :: auth[o] != A_INFLIGHT -> r = auth[o]
     :: true -> r = 0
     fi
  :: else -> skip
  fi
}

/* ---- the payment provider's asynchronous side: a request it received lands later ---- */
active proctype Provider() {
  byte o;
end:
  do
  :: atomic {
       (auth[0] == A_INFLIGHT || auth[NO - 1] == A_INFLIGHT) ->
       PICK(INFLIGHT_AT);
       if
       :: auth[o] = A_HELD
       :: o == NO - 1 -> auth[o] = A_DECLINED /* the last order's card may be declined */
       fi
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
#define STUCK(x) (phase[x] != P_DONE && !jobAvail[x])
active proctype Sweep() {
  byte o;
end:
  do
  :: atomic {
       sweeps > 0 && (STUCK(0) || STUCK(NO / 2) || STUCK(NO - 1)) ->
       PICK(STUCK);
       sweeps--;
       if :: jobVer[o] < ver[o] -> jobVer[o] = ver[o] :: else -> skip fi;
       jobAvail[o] = 1;
       o = 0
     }
  od
}

#define JOB_AT(x) jobAvail[x]

/* ---- a worker process: SagaJobProcessor.process -> SagaStepRunner.runStep ---- */
proctype Worker(byte me) {
  byte o, v, st, out, pa, r;
  bit cr, pp, as;
  byte held, busy, fenced, applied, moved;
  byte f;
  byte ma[NS];
  bit mh[NS];
  byte lo[NS];
  byte chg[NS];

idle:
  atomic {
    o = 0; v = 0; st = 0; out = 0; pa = 0; r = 0; cr = 0; pp = 0; as = 0;
    held = 0; busy = 0; fenced = 0; applied = 0; moved = 0;
    MF(me, 0) = 0; MF(me, 1) = 0; ma[0] = 0; ma[1] = 0; mh[0] = 0; mh[1] = 0;
    lo[0] = 0; lo[1] = 0; chg[0] = 0; chg[1] = 0
  };
end:
  /* take a job (a duplicate delivery is the sweep's second copy or a redelivery) */
  atomic { (jobAvail[0] || jobAvail[NO / 2] || jobAvail[NO - 1]) -> PICK(JOB_AT); jobAvail[o] = 0; v = jobVer[o] };

  /* loadForStep + the version check: a stale or duplicate job is dropped */
  atomic {
    if
    :: ver[o] != v -> goto idle
    :: else -> st = step[o]; cr = cancelReq[o]; pp = pastPivot[o]; as = authStarted[o]
    fi
  };
  CHECKPOINT;

  /* SagaStepRunner.execute */
  if
  :: cr && !pp && (st == S_RESERVE || st == S_AUTH || st == S_COMMIT) -> out = O_CANCELLED
  :: else ->
     if
     :: st == S_RESERVE ->
        stock_pass(K_RESERVE);
        if :: pa == PA_DONE -> out = O_SUCCEEDED :: pa == PA_REJECTED -> out = O_FAILED :: else -> out = O_REQUEUE fi
     :: st == S_AUTH ->
        /* AuthorizePaymentHandler: Idempotency-Key authorize-<order> */
        authorize();
        if
        :: r == 0 -> out = O_REQUEUE
        :: r == A_DECLINED -> out = O_FAILED
        :: else -> out = O_SUCCEEDED
        fi
     :: st == S_COMMIT ->
        /* CommitStockHandler: OrderRepository.claimPivot, then the pass */
        atomic {
          if :: ver[o] == v && !cancelReq[o] -> pastPivot[o] = 1 :: else -> skip fi;
          r = (pastPivot[o] && ver[o] == v)
        };
        if
        :: !r -> out = O_CANCELLED
        :: else ->
           CHECKPOINT;
           stock_pass(K_COMMIT);
           if :: pa == PA_DONE -> out = O_SUCCEEDED :: else -> out = O_REQUEUE fi
        fi
     :: st == S_CAPTURE ->
        /* CapturePaymentHandler: Idempotency-Key capture-<order> */
        atomic {
          if
          :: auth[o] == A_HELD -> auth[o] = A_CAPTURED; captures[o]++; r = 1
          :: auth[o] == A_CAPTURED -> r = 1
          :: auth[o] == A_INFLIGHT -> r = 0
          :: else -> r = 2 /* NOT_CAPTURABLE */
          fi
        };
        if
        :: r == 1 -> out = O_SUCCEEDED
        :: r == 1 -> out = O_REQUEUE /* the answer was lost: retried with the same key */
        :: r == 0 -> out = O_REQUEUE
        :: r == 2 -> out = O_FAILED
        fi
     :: st == S_VOID ->
#ifndef HOLE_VOID_NO_REPLAY
        /* VoidPaymentHandler -> voidOrder: replay the authorization (same key) first */
        authorize();
#else
        r = A_HELD;
#endif
        if
        :: r == 0 -> out = O_REQUEUE
        :: else ->
           CHECKPOINT;
           /* cancel each authorization still holding funds */
           atomic {
             if
             :: auth[o] == A_HELD -> auth[o] = A_CANCELED; out = O_SUCCEEDED
             :: auth[o] == A_CAPTURED -> out = O_REQUEUE /* captured on void: thrown, retried */
             :: else -> out = O_SUCCEEDED
             fi
           }
        fi
     :: st == S_RELEASE ->
        stock_pass(K_RELEASE);
        if :: pa == PA_DONE -> out = O_SUCCEEDED :: else -> out = O_REQUEUE fi
     fi
  fi;

  if
  :: out == O_REQUEUE ->
     /* LockBusyError / ProviderUnavailableError / a retried error: the same job, later */
     atomic { redeliver() }; goto idle
  :: else -> skip
  fi;
  CHECKPOINT;

  /* advanceSaga + OrderRepository.transition (version-guarded) */
  atomic {
    if
    :: ver[o] != v -> goto idle /* STALE */
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
          :: out != O_SUCCEEDED && !(out == O_FAILED && (st == S_COMMIT || st == S_CAPTURE)) -> phase[o] = P_COMP; step[o] = (as -> S_VOID : S_RELEASE)
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
       fi
    fi
  };
  CHECKPOINT;

  /* StepDispatcher.dispatch of the next step */
  atomic {
    if
    :: phase[o] != P_DONE && jobVer[o] < v + 1 -> jobVer[o] = v + 1; jobAvail[o] = 1
    :: else -> skip
    fi
  };
  goto idle
}

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

#define TOMB(o, s) (!HAS(o, s) || LED(o, s) == L_RELEASED)
#define TOMBS_AT(o) (status[o] != T_CANCELLED || (TOMB(o, 0) && TOMB(o, 1)))
#define TOMBSTONES FOR_O(TOMBS_AT)
active proctype inv_tombstones() { end: atomic { !TOMBSTONES -> assert(TOMBSTONES) } }

#define KEPT(o, s) (!HAS(o, s) || (H(o, s) == 1 && LED(o, s) == L_RESERVED) || LED(o, s) == L_COMMITTED)
#define KEPT_AT(o) (phase[o] != P_FWD || step[o] == S_RESERVE || (KEPT(o, 0) && KEPT(o, 1)))
#define RESERVED_STAYS_HELD FOR_O(KEPT_AT)
active proctype inv_reserved_stays_held() { end: atomic { !RESERVED_STAYS_HELD -> assert(RESERVED_STAYS_HELD) } }

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
