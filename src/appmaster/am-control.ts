// The AM's control-API handlers (scale, adapt, shutdown, status), on top of what the AM core
// exposes. Scale refusals are decided here, before anything changes; a scale is acknowledged only
// once journaled, so a later attempt keeps the count.
import { TsdaskError } from "../errors.js";
import type { StatusReport } from "../control/types.js";
import type { AdaptiveSpec, ApplicationSpec } from "../spec/types.js";
import type { ControlHandlers } from "./control/index.js";
import type { CredentialsKeeper } from "./deps.js";
import type { AppModel } from "./model.js";
import type { Outcome } from "./outcome.js";
import { othersMb, scaleRefusal, type QueueCeiling } from "./scale-limits.js";

/** What the handlers need from the AM core. */
export interface ControlCore {
  readonly spec: ApplicationSpec;
  readonly model: AppModel;
  readonly ceiling: QueueCeiling;
  readonly log: (line: string) => void;
  /** The application is shutting down: no more scaling. */
  stopping(): boolean;
  /**
   * Resolves true once the AM runs (registered, previous attempt recovered) or stops, false when
   * `readyWaitMs` passed first: a scale before that would be overwritten by the recovered counts.
   */
  whenRunning(): Promise<boolean>;
  status(): StatusReport;
  setDesired(service: string, instances: number): void;
  /** Resolves once a journal write that began after the call landed (group commit); rejects when it failed. */
  journalSync(): Promise<void>;
  /** Adaptive scaling: a manual scale turns it off; adapt() turns it on. */
  manualScale(service: string): void;
  adapt(service: string, limits: AdaptiveSpec): void;
  end(outcome: Outcome): void;
  /** The application's delegation tokens; absent without Kerberos. */
  readonly tokens?: CredentialsKeeper;
}

function notStopping(core: ControlCore): void {
  if (core.stopping()) throw new TsdaskError("AM_STOPPING", "the application is shutting down");
}

export function controlHandlers(core: ControlCore): ControlHandlers {
  return {
    getStatus: () => core.status(),
    scale: async (service, instances) => {
      const svc = core.model.service(service);
      if (!(await core.whenRunning())) {
        throw new TsdaskError(
          "AM_NOT_READY",
          "the ApplicationMaster is still registering or recovering its previous attempt's containers; nothing was changed",
          "try the scale again in a minute",
        );
      }
      notStopping(core);
      if (svc.failure) throw new TsdaskError("AM_SERVICE_FAILED", `service '${service}' has failed: ${svc.failure}`);
      const room = { queue: core.spec.queue, ceiling: core.ceiling, othersMb: othersMb(core.model, service) };
      const refusal = scaleRefusal(service, svc.spec, svc.desired, instances, room);
      if (refusal) throw refusal;
      const previous = svc.desired;
      core.manualScale(service);
      core.log(`scale ${service}: ${previous} -> ${instances}`);
      core.setDesired(service, instances);
      try {
        // Group commit: scales that come during a write share the next one, so many clients (or
        // one script scaling in a loop beside others) are not paced one WebHDFS write each.
        await core.journalSync();
      } catch (err) {
        core.setDesired(service, previous);
        throw new TsdaskError(
          "AM_JOURNAL_FAILED",
          `the new count could not be journaled (${(err as Error).message}); it stays ${previous}`,
        );
      }
    },
    adapt: (service, limits) => {
      notStopping(core);
      // The AM's adaptive loop asks the dask scheduler: only a dask worker service can follow it.
      if (core.spec.services[service]?.role !== "dask.worker") {
        throw new TsdaskError("AM_NOT_ADAPTIVE", `service '${service}' is not a dask worker service`);
      }
      core.adapt(service, limits);
    },
    kvDurable: async () => {
      // Before the AM runs, the journal is not written yet (recovery reads it): wait, bounded.
      if (!(await core.whenRunning()))
        throw new TsdaskError(
          "AM_NOT_READY",
          "the ApplicationMaster is still registering or recovering; the value is held in memory only",
          "write the key again in a minute",
        );
      if (core.stopping()) return; // the application ends: no later attempt will read the journal
      try {
        await core.journalSync();
      } catch (err) {
        throw new TsdaskError(
          "AM_JOURNAL_FAILED",
          `the value could not be journaled (${(err as Error).message}); an AM restart would lose it`,
          "write the key again",
        );
      }
    },
    refreshCredentials: async (tokens, expiries) => {
      const keeper = core.tokens;
      if (!keeper)
        throw new TsdaskError(
          "AM_NO_CREDENTIALS",
          "this application has no delegation tokens (the cluster does not use Kerberos): nothing to refresh",
        );
      if (!(await core.whenRunning()))
        throw new TsdaskError(
          "AM_NOT_READY",
          "the ApplicationMaster is still registering or recovering; nothing was changed",
          "run the refresh again in a minute",
        );
      notStopping(core);
      keeper.refresh(tokens, expiries, "refresh");
      // Acknowledged once journaled, like a scale: an AM restart right after keeps the new tokens.
      try {
        await core.journalSync();
      } catch (err) {
        throw new TsdaskError(
          "AM_JOURNAL_FAILED",
          `the tokens are in use but could not be journaled (${(err as Error).message}); an AM restart would lose them`,
          "run the refresh again",
        );
      }
      return keeper.status()!;
    },
    shutdown: (finalStatus, diagnostics) => {
      core.log(`shutdown requested through the control API: ${finalStatus}`);
      core.end({ status: finalStatus, diagnostics: diagnostics || "shut down through the control API" });
    },
  };
}
