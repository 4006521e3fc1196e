# The api workers (the design note's sample): the api codebase from its data bag, the geoip database, the service.
include_recipe 'python::default'
codebase = data_bag_item('codebases', 'api')

directory '/data/shared' do
  recursive true
end

git "/srv/#{codebase['id']}" do
  repository codebase['repository']
  revision codebase['revision']
end

template '/etc/hangar/api-workers.env' do
  source 'api-workers.env.erb'
  variables(codebase: codebase)
end

node.default['services']['api-workers'] = true
