/** Columns of the Sysmon-like CSV (APT29/Mordor header plus network fields and `campaign`). */
import type { Cell } from './csv';
import type { SysEvent } from './events';

export const SYSMON_COLUMNS = [
  'ts_utc', 'Hostname', 'Channel', 'EventID', 'User', 'Image', 'CommandLine', 'ParentImage', 'ParentCommandLine',
  'ProcessGuid', 'ParentProcessGuid', 'ProcessId', 'TargetObject', 'Details', 'ServiceName', 'ServiceFileName',
  'LogonType', 'IpAddress', 'TargetUserName', 'DestinationIp', 'DestinationPort', 'Protocol', 'label', 'campaign', 'label_reason',
] as const;

/** One event as CSV cells in SYSMON_COLUMNS order; the timestamp is ISO-8601 UTC with milliseconds. */
export function sysmonRow(e: SysEvent): Cell[] {
  return [
    new Date(e.t).toISOString(), e.host, e.channel, e.eventId, e.user, e.image, e.cmd, e.parentImage, e.parentCmd,
    e.guid, e.parentGuid, e.pid, e.targetObject, e.details, e.serviceName, e.serviceFile,
    e.logonType, e.ipAddress, e.targetUser, e.dstIp, e.dstPort, e.protocol, e.label, e.campaign, e.reason,
  ];
}
