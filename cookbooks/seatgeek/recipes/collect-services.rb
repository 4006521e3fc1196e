# Which services of the service cookbook this node runs (from its run list), and where every service runs
# (the service map hangar's agent writes beside the dna: services.json).
cookbook = node['hangar'] && node['hangar']['service_cookbook'] || 'seatgeek-service'
node.run_list.expand(node.chef_environment).recipes.each do |recipe|
  name = recipe.split('::', 2)
  next unless name.first == cookbook && name.length == 2 && !name.last.start_with?('delete-')
  node.default['seatgeek-services']['available'][name.last] = true
end
map = ::File.join(::File.dirname(Chef::Config[:json_attribs] || '/etc/chef/dna.json'), 'services.json')
node.default['seatgeek-services']['services'] = ::File.exist?(map) ? JSON.parse(::File.read(map)) : {}
