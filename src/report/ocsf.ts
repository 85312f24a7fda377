/**
 * A posture report as OCSF events, so a SIEM can take the results in without a tenken-specific parser:
 * one Compliance Finding (class 2003) per check result and one Device Inventory Info (class 5001) for the
 * device. Pure: a Report (and the catalogs its refs point into) in, events out.
 *
 * Written against OCSF 1.8.0 (github.com/ocsf/ocsf-schema tag 1.8.0, commit 6fa6499a0f8c9f449d342816e90e5f687c224b0a).
 * The contract is OCSF's own schema: test/ocsf.test.ts validates every event of every recorded machine against
 * the schema files vendored in test/fixtures/ocsf/, so no second, hand-copied schema lives here.
 */
import type { Lang } from '../i18n/lang.ts';
import { renderReason } from '../i18n/reasons.ts';
import { type ReasonJson } from '../i18n/reason.ts';
import { RESULT_LABEL, STATUS_LABEL } from '../i18n/messages.ts';
import type { Catalog } from '../policy/schema.ts';
import type { CheckResult, CheckStatus, ExpectationResult, Report } from './schema.ts';

/** The OCSF release the events follow; it goes into every event's metadata.version. */
export const OCSF_VERSION = '1.8.0';

// The *_name siblings are OCSF's captions, spelled out for people reading raw events (the test checks them).
const CATEGORY = { findings: { uid: 2, name: 'Findings' }, discovery: { uid: 5, name: 'Discovery' } } as const;
const CLASS = { complianceFinding: { uid: 2003, name: 'Compliance Finding' }, inventoryInfo: { uid: 5001, name: 'Device Inventory Info' } } as const;
/** Finding activity 1 Create; discovery activity 2 Collect ("via a collection process"). */
const ACTIVITY = { create: { id: 1, name: 'Create' }, collect: { id: 2, name: 'Collect' } } as const;
type Named<K extends string> = { readonly [P in K]: number } & { readonly name: string };

/** base_event severity_id. */
const SEVERITY = { informational: { id: 1, name: 'Informational' }, low: { id: 2, name: 'Low' }, medium: { id: 3, name: 'Medium' }, high: { id: 4, name: 'High' }, critical: { id: 5, name: 'Critical' } } as const;

/**
 * compliance.status_id. OCSF has Pass, Warning ("did not yield a result due to missing information") and Fail,
 * plus the dictionary's 0 Unknown and 99 Other — no "not applicable" and no "error". unknown and error both
 * mean "no result", so they are Warning, with tenken's status in status_code and the reason in status_details.
 */
const COMPLIANCE_STATUS: Record<CheckStatus, { id: number; name: string }> = {
  pass: { id: 1, name: 'Pass' },
  fail: { id: 3, name: 'Fail' },
  unknown: { id: 2, name: 'Warning' },
  error: { id: 2, name: 'Warning' },
  // 99 Other with its own caption, as OCSF prescribes for values it does not enumerate. Emitted rather than
  // dropped: "no Wi-Fi adapter, so the Wi-Fi check does not apply" is a result a SIEM should see, and without
  // it an absent event could mean "not applicable" or "this agent never ran the check".
  not_applicable: { id: 99, name: 'Not Applicable' },
};

const OS_TYPE = { win32: { id: 100, name: 'Windows' }, linux: { id: 200, name: 'Linux' }, darwin: { id: 300, name: 'macOS' } } as const;

// OCSF uuid_t's own pattern (unanchored, as the dictionary gives it): hardware UUIDs that do not fit stay out.
const UUID_T = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
// OCSF mac_t: six octets; other link-layer addresses (InfiniBand, FireWire) are not MACs to OCSF.
const MAC_T = /^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$/;

export interface OcsfOptions {
  /** Language of the people-facing text: titles, messages, remediation. */
  readonly lang: Lang;
  /** The policy's catalogs, for the standards' names; a ref to a catalog not here is named by its id. */
  readonly catalogs: ReadonlyMap<string, Catalog>;
}

export type OcsfEvent = Record<string, unknown>;

export function toOcsfEvents(report: Report, options: OcsfOptions): OcsfEvent[] {
  const device = ocsfDevice(report);
  // Checks written for other operating systems were never evaluated on this device (the text summary hides
  // them too); as events they would put ClamAV controls on every Windows PC. The device's own N/As stay.
  const checks = report.checks.filter((c) => c.reasonCode !== 'platform');
  return [inventoryEvent(report, device, options.lang), ...checks.map((c) => complianceFinding(report, c, device, options))];
}

/**
 * NDJSON, one event per line: what SIEM file and HTTP ingestion takes (Splunk HEC raw / monitored files,
 * Elastic Filebeat/Agent ndjson, Amazon Security Lake via Firehose), and a file that can be appended to.
 */
export function toOcsfNdjson(report: Report, options: OcsfOptions): string {
  return toOcsfEvents(report, options).map((e) => `${JSON.stringify(e)}\n`).join('');
}

function metadata(report: Report, uid: string): OcsfEvent {
  return {
    version: OCSF_VERSION,
    product: { name: 'tenken', vendor_name: 'tenken', version: report.agent.version },
    // The Host profile: the device is the subject of every event.
    profiles: ['host'],
    uid,
    // Every event of one scan shares the report id, so a SIEM can gather a scan back together.
    correlation_uid: report.reportId,
    // No original_time: OCSF says to omit it for events generated rather than collected from a log.
  };
}

function classification(category: Named<'uid'>, cls: Named<'uid'>, activity: Named<'id'>): OcsfEvent {
  return {
    category_uid: category.uid,
    category_name: category.name,
    class_uid: cls.uid,
    class_name: cls.name,
    activity_id: activity.id,
    activity_name: activity.name,
    type_uid: cls.uid * 100 + activity.id,
    type_name: `${cls.name}: ${activity.name}`,
  };
}

function inventoryEvent(report: Report, device: OcsfEvent, lang: Lang): OcsfEvent {
  return {
    ...classification(CATEGORY.discovery, CLASS.inventoryInfo, ACTIVITY.collect),
    severity_id: SEVERITY.informational.id,
    severity: SEVERITY.informational.name,
    time: Date.parse(report.scan.finishedAt),
    start_time: Date.parse(report.scan.startedAt),
    end_time: Date.parse(report.scan.finishedAt),
    message: `${report.device.hostname}: ${RESULT_LABEL[report.summary.result][lang]}`,
    metadata: metadata(report, `${report.reportId}/device`),
    device,
    unmapped: {
      tenken: {
        ...scanContext(report),
        result: report.summary.result,
        counts: report.summary.counts,
        ...(report.gate ? { gate: report.gate.decision } : {}),
        // The report's own roll-up of the checks into IPA items, as it is (never derived again from the findings).
        guidelines: report.guidelines
          .filter((g) => g.status !== 'manual')
          .map((g) => ({ ref: g.ref, status: g.status, ...(g.suggestedAnswer ? { suggestedAnswer: g.suggestedAnswer, points: g.points } : {}), checks: g.checks })),
      },
    },
  };
}

function complianceFinding(report: Report, check: CheckResult, device: OcsfEvent, { lang, catalogs }: OcsfOptions): OcsfEvent {
  const status = COMPLIANCE_STATUS[check.status];
  // OCSF's severity measures "the effort and expense required to … resolve" the finding, and 1 Informational
  // means "No action required": that is a passing or not-applicable check (Security Hub rates passed controls
  // the same way), so a SIEM alerting on High/Critical sees only what needs doing. The check's own severity
  // stays on compliance.checks[].severity_id.
  const severity = check.status === 'pass' || check.status === 'not_applicable' ? SEVERITY.informational : SEVERITY[check.severity];
  const standards = standardsOf(report, check, catalogs);
  const title = check.title[lang];
  const reason = textOf(check, lang);
  const details = reason ? [reason] : [];
  return {
    ...classification(CATEGORY.findings, CLASS.complianceFinding, ACTIVITY.create),
    severity_id: severity.id,
    severity: severity.name,
    time: Date.parse(report.scan.finishedAt),
    message: `${title}: ${STATUS_LABEL[check.status][lang]}`,
    metadata: metadata(report, `${report.reportId}/${check.id}`),
    finding_info: {
      // The same device and check give the same uid in every scan: a SIEM follows the finding over time.
      uid: `tenken:${report.device.id}:${check.id}`,
      title,
      types: ['Posture Check'],
      last_seen_time: Date.parse(report.scan.finishedAt),
    },
    // finding.status_id (New, In Progress, Resolved …) is "set by the consumer" in OCSF: it records a review
    // workflow tenken knows nothing of, so it is left to the SIEM. Every scan creates (activity 1) its findings.
    compliance: {
      control: check.id,
      standards,
      requirements: check.supports,
      status_id: status.id,
      status: status.name,
      // tenken's own word, so unknown and error (both Warning) and not_applicable stay apart.
      status_code: check.status,
      ...(details.length ? { status_details: details } : {}),
      checks: [
        {
          uid: check.id,
          name: title,
          severity_id: SEVERITY[check.severity].id,
          severity: SEVERITY[check.severity].name,
          standards,
          status_id: status.id,
          status: status.name,
          version: String(report.scan.policy.version),
        },
      ],
    },
    ...(check.remediation ? { remediation: { desc: check.remediation[lang] } } : {}),
    ...(check.expectations.length ? { evidences: check.expectations.map((e) => evidence(e, lang)) } : {}),
    device,
    unmapped: { tenken: { ...scanContext(report), probe: check.probe, ...(check.reasonCode ? { reasonCode: check.reasonCode } : {}), ...(check.why ? { why: check.why } : {}) } },
  };
}

/** A result's reason in the event's language (a report before reason codes has only its English text). */
const textOf = (r: { readonly reason?: string; readonly why?: ReasonJson }, lang: Lang): string | undefined => (r.why ? renderReason(r.why, lang) : r.reason);

/** One evidence per expectation: what was seen against what the policy asks for (OCSF evidences.data is JSON). */
function evidence(e: ExpectationResult, lang: Lang): OcsfEvent {
  return {
    name: e.label?.[lang] ?? e.path,
    data: { path: e.path, op: e.op, expected: e.expected ?? null, observed: e.observed ?? null, met: e.met, ...(e.why ? { reason: textOf(e, lang), why: e.why } : {}) },
  };
}

/**
 * The guidelines a check supports, each with its edition: "IPA 5分でできる！情報セキュリティ自社診断 2019". IPA
 * publishes them in Japanese only, so the Japanese title is the standard's name whatever --lang says, and a
 * SIEM query on a standard works across a fleet whose people read different languages.
 */
function standardsOf(report: Report, check: CheckResult, catalogs: ReadonlyMap<string, Catalog>): string[] {
  const names = new Set<string>();
  for (const ref of check.supports) {
    const catalogId = ref.slice(0, ref.indexOf(':'));
    const catalog = catalogs.get(catalogId);
    const edition = catalog?.edition ?? report.guidelines.find((g) => g.ref === ref)?.edition;
    names.add(catalog ? `IPA ${catalog.title.ja} ${catalog.edition}` : edition ? `${catalogId} ${edition}` : catalogId);
  }
  return [...names];
}

function scanContext(report: Report): OcsfEvent {
  const { profile, policy } = report.scan;
  return { profile, policy: { id: policy.id, version: policy.version, sha256: policy.sha256 } };
}

function ocsfDevice(report: Report): OcsfEvent {
  const { id, hostname, os, hardware } = report.device;
  const virtual = hardware.virtual === true;
  const hwInfo: OcsfEvent = {
    ...(hardware.serial ? { serial_number: hardware.serial } : {}),
    ...(hardware.uuid && UUID_T.test(hardware.uuid) ? { uuid: hardware.uuid } : {}),
    ...(hardware.manufacturer ? { vendor_name: hardware.manufacturer } : {}),
  };
  const macs = hardware.macs.filter((m) => MAC_T.test(m));
  const compliant = report.summary.result === 'compliant' ? true : report.summary.result === 'failed' ? false : undefined;
  return {
    uid: id,
    // The id the collector filed the device under (tenken enroll), when the report was queued for one.
    ...(report.delivery ? { uid_alt: report.delivery.deviceId } : {}),
    hostname,
    // The report does not tell a desktop from a laptop; OCSF's 0 Unknown says so rather than guessing.
    type_id: virtual ? 6 : 0,
    type: virtual ? 'Virtual' : 'Unknown',
    os: {
      name: os.name,
      type_id: OS_TYPE[os.platform].id,
      type: OS_TYPE[os.platform].name,
      ...(os.version ? { version: os.version } : {}),
      ...(os.build ? { build: os.build } : {}),
      ...(os.kernel ? { kernel_release: os.kernel } : {}),
    },
    ...(hardware.manufacturer ? { vendor_name: hardware.manufacturer } : {}),
    ...(hardware.model ? { model: hardware.model } : {}),
    ...(Object.keys(hwInfo).length ? { hw_info: hwInfo } : {}),
    ...(macs.length ? { network_interfaces: macs.map((mac) => ({ mac })) } : {}),
    ...(compliant === undefined ? {} : { is_compliant: compliant }),
    last_seen_time: Date.parse(report.scan.finishedAt),
  };
}
