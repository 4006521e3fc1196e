# Say which services this node runs; hangar's agent registers them in the service registry.
(node['seatgeek-services'] && node['seatgeek-services']['available'] || {}).each do |service, available|
  log "service #{service} is #{available ? 'available' : 'gone'} on #{node.name}"
end
