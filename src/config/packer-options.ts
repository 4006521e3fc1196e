// What may go under a group's `packer` key: amazon-ebs builder options that hangar does not set itself.

/** Builder options hangar writes from the group's own keys (or fixes): set those keys, not these. */
export const PACKER_KEYS_SET_BY_HANGAR: Readonly<Record<string, string>> = {
  type: 'hangar writes the builder type from the group\'s "type"',
  region: 'hangar writes it from the group\'s "region"',
  source_ami: 'hangar writes it from the group\'s "source_ami"',
  instance_type: 'hangar writes it from the group\'s "instance_type"',
  ssh_username: 'hangar writes it from the group\'s "ssh_username"',
  iam_instance_profile: 'hangar writes it from the group\'s "iam_instance_profile"',
  ami_name: 'hangar names every AMI "G {{timestamp}}" (packer:clean and autoscale find images by it)',
  ami_description: 'hangar writes it from the group\'s "description"',
  tags: 'hangar writes the AMI tags from the group\'s "tags" plus group and hangar:config',
  run_tags: 'hangar tags the build instance itself',
  custom_endpoint_ec2: 'hangar points it at --endpoint (template variable aws_endpoint)',
  access_key: 'credentials never go into nodes.json or a generated file: packer takes them from the standard AWS chain',
  secret_key: 'credentials never go into nodes.json or a generated file: packer takes them from the standard AWS chain',
  token: 'credentials never go into nodes.json or a generated file: packer takes them from the standard AWS chain',
};

/** The amazon-ebs builder's other options (packer 1.6: access, AMI, run, block device and communicator config). */
export const AMAZON_EBS_OPTIONS: ReadonlySet<string> = new Set([
  'name',
  // access
  'decode_authorization_messages', 'insecure_skip_tls_verify', 'max_retries', 'mfa_code', 'profile',
  'skip_region_validation', 'skip_metadata_api_check', 'vault_aws_engine', 'aws_polling',
  // AMI
  'ami_virtualization_type', 'ami_users', 'ami_groups', 'ami_product_codes', 'ami_regions', 'ena_support',
  'sriov_support', 'force_deregister', 'force_delete_snapshot', 'encrypt_boot', 'kms_key_id', 'region_kms_key_ids',
  'skip_save_build_region', 'snapshot_tags', 'snapshot_users', 'snapshot_groups',
  'ami_block_device_mappings', 'launch_block_device_mappings', 'run_volume_tags', 'no_ephemeral',
  // run
  'associate_public_ip_address', 'availability_zone', 'block_duration_minutes', 'disable_stop_instance',
  'ebs_optimized', 'enable_t2_unlimited', 'skip_profile_validation', 'temporary_iam_instance_profile_policy_document',
  'shutdown_behavior', 'security_group_filter', 'security_group_id', 'security_group_ids', 'source_ami_filter',
  'spot_instance_types', 'spot_price', 'spot_price_auto_product', 'spot_tags', 'subnet_filter', 'subnet_id',
  'temporary_key_pair_name', 'temporary_security_group_source_cidrs', 'user_data', 'user_data_file', 'vpc_filter',
  'vpc_id', 'windows_password_timeout', 'ssh_interface', 'session_manager_port',
  // communicator
  'communicator', 'pause_before_connecting', 'ssh_host', 'ssh_port', 'ssh_password', 'ssh_keypair_name', 'ssh_ciphers',
  'ssh_clear_authorized_keys', 'ssh_key_exchange_algorithms', 'ssh_private_key_file', 'ssh_certificate_file', 'ssh_pty',
  'ssh_timeout', 'ssh_wait_timeout', 'ssh_agent_auth', 'ssh_disable_agent_forwarding', 'ssh_handshake_attempts',
  'ssh_bastion_host', 'ssh_bastion_port', 'ssh_bastion_agent_auth', 'ssh_bastion_username', 'ssh_bastion_password',
  'ssh_bastion_interactive', 'ssh_bastion_private_key_file', 'ssh_bastion_certificate_file', 'ssh_file_transfer_method',
  'ssh_proxy_host', 'ssh_proxy_port', 'ssh_proxy_username', 'ssh_proxy_password', 'ssh_keep_alive_interval',
  'ssh_read_write_timeout', 'ssh_remote_tunnels', 'ssh_local_tunnels', 'winrm_username', 'winrm_password', 'winrm_host',
  'winrm_no_proxy', 'winrm_port', 'winrm_timeout', 'winrm_use_ssl', 'winrm_insecure', 'winrm_use_ntlm',
]);
