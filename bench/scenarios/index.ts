import type { Scenario } from "../lib/scenario.js";
import { cronjobDay } from "./cronjob-day.js";
import { etcdWrite } from "./etcd-write.js";
import { failover } from "./failover.js";
import { httpCreate } from "./http-create.js";
import { idleRss } from "./idle-rss.js";
import { jobSimulated } from "./job-simulated.js";
import { jobThroughput } from "./job-throughput.js";
import { podStartup } from "./pod-startup.js";
import { podThroughput } from "./pod-throughput.js";
import { startup } from "./startup.js";
import { runtimeStart } from "./runtime-start.js";
import { schedulerThroughput } from "./scheduler-throughput.js";
import { simulated10k } from "./simulated-10k.js";
import { storeRaw } from "./store-raw.js";
import { storeWrite } from "./store-write.js";
import { statefulsetScale } from "./statefulset-scale.js";
import { watchLatency } from "./watch-latency.js";

/** Every scenario `npm run bench` knows. To add one: a file in this folder, one line here. */
export const scenarios: readonly Scenario[] = [storeRaw, storeWrite, watchLatency, startup, idleRss, httpCreate, runtimeStart, statefulsetScale, cronjobDay, jobThroughput, jobSimulated, podStartup, podThroughput, simulated10k, schedulerThroughput, etcdWrite, failover];
