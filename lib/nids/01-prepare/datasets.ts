/** The raw flow datasets the NIDS classifier knows, and what each column is for. */

/** How to read one raw flow dataset. */
export interface FlowDatasetSpec {
  name: string;
  /** Folder: repo-relative (`data/demo/flows`) or `../shared/data/...` (SEQSENTRY_SHARED_DATA overrides). */
  dir: string;
  /** File name glob (`*` only); `.csv`, `.csv.gz` or `.gz`. */
  files: string;
  hasHeader: boolean;
  /** Names of header-less files' columns. */
  columnNames: string[] | null;
  labelColumn: string;
  benignLabel: string;
  /** Identifiers (flow id, IPs, ports of the client side) and label-derived columns: never features. */
  dropColumns: string[];
  /** Source and destination address columns (identifiers, dropped), read for the data.home_net direction features; null = none. */
  addressColumns: { src: string; dst: string } | null;
  /** Flow start time; dropped unless `data.keep_timestamp`. Also the sort key of time-ordered data. */
  timeColumn: string | null;
  categorical: string[];
  /** 'time': rows are (or are sorted into) time order → time-ordered split; 'shuffled': a random sample → stratified split. */
  order: 'time' | 'shuffled';
  notes: string;
}

const KDD99_COLUMNS = [
  'duration', 'protocol_type', 'service', 'flag', 'src_bytes', 'dst_bytes', 'land', 'wrong_fragment', 'urgent', 'hot',
  'num_failed_logins', 'logged_in', 'num_compromised', 'root_shell', 'su_attempted', 'num_root', 'num_file_creations',
  'num_shells', 'num_access_files', 'num_outbound_cmds', 'is_host_login', 'is_guest_login', 'count', 'srv_count',
  'serror_rate', 'srv_serror_rate', 'rerror_rate', 'srv_rerror_rate', 'same_srv_rate', 'diff_srv_rate',
  'srv_diff_host_rate', 'dst_host_count', 'dst_host_srv_count', 'dst_host_same_srv_rate', 'dst_host_diff_srv_rate',
  'dst_host_same_src_port_rate', 'dst_host_srv_diff_host_rate', 'dst_host_serror_rate', 'dst_host_srv_serror_rate',
  'dst_host_rerror_rate', 'dst_host_srv_rerror_rate', 'label',
];

export const FLOW_DATASETS: Record<string, FlowDatasetSpec> = {
  'demo-flows': {
    name: 'demo-flows',
    dir: 'data/demo/flows',
    files: 'flows.csv',
    hasHeader: true,
    columnNames: null,
    labelColumn: 'Label',
    benignLabel: 'BENIGN',
    dropColumns: ['Src IP', 'Src Port', 'Dst IP'],
    addressColumns: { src: 'Src IP', dst: 'Dst IP' },
    timeColumn: 'Timestamp',
    categorical: ['Protocol', 'Dst Port'],
    order: 'time',
    notes: 'Synthetic CICFlowMeter-like flows (npm run demo-data) in time order, attack bursts over the whole range; a few Infinity/NaN rates.',
  },
  cicids2017: {
    name: 'cicids2017',
    dir: '../shared/data/cicids2017',
    files: '*.csv.gz',
    hasHeader: true,
    columnNames: null,
    labelColumn: 'Label',
    benignLabel: 'BENIGN',
    // "Attempted Category" is label information (a leak), never a feature.
    dropColumns: ['id', 'Flow ID', 'Src IP', 'Src Port', 'Dst IP', 'Attempted Category'],
    addressColumns: { src: 'Src IP', dst: 'Dst IP' },
    timeColumn: 'Timestamp',
    categorical: ['Protocol', 'Dst Port'],
    order: 'shuffled',
    notes: 'CIC-IDS2017 improved (Engelen et al. 2021), a random sample per class (BENIGN cut to 5,000): no timeline, unrealistic class balance. Non-finite cells are counted (the full data has Infinity/NaN rates; this sample has none).',
  },
  kdd99: {
    name: 'kdd99',
    dir: '../shared/data/kdd99',
    files: 'kddcup.data_10_percent.gz',
    hasHeader: false,
    columnNames: KDD99_COLUMNS,
    labelColumn: 'label',
    benignLabel: 'normal.',
    dropColumns: [],
    addressColumns: null,
    timeColumn: null,
    categorical: ['protocol_type', 'service', 'flag'],
    order: 'time',
    notes: 'KDD Cup 1999 10% file: 41 connection features, file order is time order (attacks in bursts), ~80% of rows are smurf./neptune. floods.',
  },
};

/** The spec of a built-in dataset; an unknown name lists the known ones. */
export function flowDataset(name: string): FlowDatasetSpec {
  const spec = FLOW_DATASETS[name];
  if (!spec) throw new Error(`unknown NIDS dataset "${name}" (--dataset); known: ${Object.keys(FLOW_DATASETS).join(', ')}; or give prepared parquet files with --train-path`);
  return spec;
}
