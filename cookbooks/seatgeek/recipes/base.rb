# What every node has: the folders services and hangar write to.
%w(/data /data/shared /etc/hangar).each do |path|
  directory path do
    recursive true
  end
end
