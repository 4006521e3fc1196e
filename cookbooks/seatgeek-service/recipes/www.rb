# The www frontend behind nginx.
include_recipe 'nginx::default'

file '/etc/hangar/www.env' do
  content "WWW_PORT=8080\n"
end

node.default['services']['www'] = true
