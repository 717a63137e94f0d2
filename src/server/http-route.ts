import type { ApplicationFunctionOptions } from "probot";

/** A route beside the webhooks, as Probot's `addHandler` mounts it (false: not this route's path). */
export type HttpRoute = Parameters<ApplicationFunctionOptions["addHandler"]>[0];
