# nginx in front of the www service.
package 'nginx'

service 'nginx' do
  action [:enable, :start]
end
